#include "sluice/declarative/template.h"

#include "sluice/core/timestamp.h"
#include "sluice/http/request.h"

namespace sluice::declarative {
namespace {

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
}

std::string time_text(int64_t micros, int filter) {
  switch (filter) {
    case 1:
      return format_timestamp(micros).substr(0, 10);
    case 2:
      return std::to_string(micros / 1000000);
    case 3:
      return std::to_string(micros / 1000);
    default:
      return format_timestamp(micros);
  }
}

}  // namespace

std::string value_text(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string out;
    for (const auto& item : v) out += (out.empty() ? "" : ",") + value_text(item);
    return out;
  }
  return v.dump();
}

Template Template::compile(const std::string& text, const TemplateNames& names,
                           Diagnostics& diagnostics, const YAML::Mark& at) {
  Template t;
  t.given_ = true;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find("{{", pos);
    if (open == std::string::npos) open = text.size();
    if (open > pos) t.parts_.push_back({Source::kText, text.substr(pos, open - pos)});
    if (open == text.size()) break;
    size_t close = text.find("}}", open);
    if (close == std::string::npos) {
      diagnostics.error(at, "the template \"" + text + "\" opens `{{` without closing it.");
      break;
    }
    std::string hole = trim(std::string_view(text).substr(open + 2, close - open - 2));
    pos = close + 2;
    Part part;
    if (size_t bar = hole.find('|'); bar != std::string::npos) {
      std::string filter = trim(std::string_view(hole).substr(bar + 1));
      hole = trim(std::string_view(hole).substr(0, bar));
      if (filter == "date")
        part.filter = Filter::kDate;
      else if (filter == "epoch")
        part.filter = Filter::kEpoch;
      else if (filter == "epoch_ms")
        part.filter = Filter::kEpochMs;
      else
        diagnostics.error(at, "unknown template filter `" + filter +
                                  "`; the filters are date, epoch and epoch_ms.");
    }
    size_t dot = hole.find('.');
    std::string ns = hole.substr(0, dot),
                name = dot == std::string::npos ? "" : hole.substr(dot + 1);
    if (ns == "config" && names.config.count(name)) {
      part.source = Source::kConfig;
    } else if (ns == "config") {
      diagnostics.error(
          at, "the template names `config." + name + "`, which is not a field of the spec.");
    } else if (ns == "partition" && names.partition.count(name)) {
      part.source = Source::kPartition;
    } else if (ns == "partition") {
      diagnostics.error(at, names.partition.empty() ? "the template names `partition." + name +
                                                          "`, but this stream has no partitions."
                                                    : "the template names `partition." + name +
                                                          "`, which its partitions do not have.");
    } else if (ns == "cursor" && names.cursor && (name == "start" || name == "end")) {
      part.source = name == "start" ? Source::kCursorStart : Source::kCursorEnd;
    } else if (ns == "cursor") {
      diagnostics.error(at, names.cursor ? "the template names `cursor." + name +
                                               "`; a cursor has only start and end."
                                         : "the template names `cursor." + name +
                                               "`, but this stream has no incremental cursor.");
    } else {
      diagnostics.error(
          at, "the template hole `{{ " + hole +
                  " }}` names neither config.<field>, partition.<field> nor cursor.start/end.");
    }
    part.text = name;
    if (part.source != Source::kText) t.parts_.push_back(std::move(part));
  }
  return t;
}

std::string Template::render(const TemplateValues& v, bool encode_holes) const {
  std::string out;
  for (const auto& p : parts_) {
    const size_t hole_at = out.size();
    switch (p.source) {
      case Source::kText:
        out += p.text;
        break;
      case Source::kConfig:
      case Source::kPartition: {
        const nlohmann::json* from = p.source == Source::kConfig ? v.config : v.partition;
        if (!from || !from->contains(p.text)) break;
        const nlohmann::json& value = (*from)[p.text];
        std::optional<int64_t> t;
        if (p.filter != Filter::kNone && value.is_string())
          t = parse_timestamp(value.get<std::string>());
        out += t ? time_text(*t, static_cast<int>(p.filter)) : value_text(value);
        break;
      }
      case Source::kCursorStart:
      case Source::kCursorEnd: {
        const int64_t bound = p.source == Source::kCursorStart ? v.cursor_start : v.cursor_end;
        out +=
            v.integer_cursor ? std::to_string(bound) : time_text(bound, static_cast<int>(p.filter));
      } break;
    }
    if (encode_holes && p.source != Source::kText)
      out.replace(hole_at, std::string::npos, url_encode(out.substr(hole_at)));
  }
  return out;
}

std::string Template::literal_prefix() const {
  return !parts_.empty() && parts_.front().source == Source::kText ? parts_.front().text : "";
}

bool Template::uses_cursor() const {
  for (const auto& p : parts_)
    if (p.source == Source::kCursorStart || p.source == Source::kCursorEnd) return true;
  return false;
}

}  // namespace sluice::declarative
