#include "connectors/qualtrics/qualtrics_directory_list.h"

#include "sluice/core/log.h"
#include "sluice/json/fields.h"

namespace sluice::qualtrics {

std::optional<std::vector<std::string>> DirectoryList::directories(
    const TableOptions::Scope& scope) {
  std::lock_guard lock(mu_);
  if (!listed_) {
    listed_ = true;
    try {
      std::vector<std::string> ids;
      client_.for_each("/directories", {}, [&](simdjson::dom::object o) {
        std::string_view id;
        if (!o["directoryId"].get(id)) ids.emplace_back(id);
      });
      every_ = std::move(ids);
    } catch (const HttpStatusError& e) {
      if (e.status() != 403 && e.status() != 404) throw;
      log_info("Qualtrics: this account has no XM Directory (GET /directories answered " +
               std::to_string(e.status()) +
               "); skipping directories, mailing_lists, directory_contacts and contacts.");
    }
  }
  if (!every_) return std::nullopt;
  if (!scope.directory_id.empty()) return std::vector<std::string>{scope.directory_id};
  return every_;
}

std::vector<std::string> DirectoryList::mailing_lists(const std::string& directory,
                                                      const TableOptions::Scope& scope) {
  if (!scope.mailing_list_id.empty()) return {scope.mailing_list_id};
  std::lock_guard lock(mu_);
  auto it = lists_.find(directory);
  if (it == lists_.end()) {
    std::vector<std::string> ids;
    client_.for_each("/directories/" + directory + "/mailinglists", {},
                     [&](simdjson::dom::object o) {
                       std::string_view id;
                       if (!o["mailingListId"].get(id)) ids.emplace_back(id);
                     });
    it = lists_.emplace(directory, std::move(ids)).first;
  }
  return it->second;
}

Value epoch_ms_or_iso(simdjson::dom::object o, std::string_view key) {
  int64_t ms;
  if (!o[key].get(ms)) return Value::timestamp(ms * 1000);
  std::string_view s;
  if (!o[key].get(s) && !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos)
    return Value::timestamp(std::stoll(std::string(s)) * 1000);
  return field_time(o, key);
}

}  // namespace sluice::qualtrics
