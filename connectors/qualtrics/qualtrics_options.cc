#include "connectors/qualtrics/qualtrics_options.h"

#include "sluice/core/error.h"

namespace sluice::qualtrics {
namespace {

const char* kTables[] = {"surveys",       "survey_definitions", "survey_responses",
                         "distributions", "contacts",           "directories",
                         "mailing_lists", "directory_contacts", "users"};

std::optional<SurveySelection> survey_ids(const std::string& table, const nlohmann::json& options,
                                          std::vector<std::string>& problems) {
  const std::string need = "table " + table +
                           " needs \"surveyId\": a survey id (SV_…), a list of them, or \"*\" for "
                           "every survey";
  auto it = options.find("surveyId");
  if (it == options.end() || it->is_null()) {
    problems.push_back(need + ".");
    return std::nullopt;
  }
  std::vector<std::string> items;
  if (it->is_string()) {
    for (const auto& item : split_list(it->get<std::string>())) items.push_back(item);
  } else if (it->is_array()) {
    for (const auto& v : *it) {
      if (!v.is_string()) {
        problems.push_back(need + "; the list holds " + v.dump() + ".");
        return std::nullopt;
      }
      items.push_back(v.get<std::string>());
    }
  } else {
    problems.push_back(need + ", not " + it->dump() + ".");
    return std::nullopt;
  }
  SurveySelection out;
  for (const auto& id : items) {
    if (id == "*") {
      out.all = true;
    } else if (id.rfind("SV_", 0) != 0 || id.size() < 4) {
      problems.push_back("table " + table + ": \"" + id +
                         "\" is not a survey id (they look like SV_abc123…; see the survey's URL "
                         "or the surveys table).");
    } else {
      out.ids.push_back(id);
    }
  }
  if (!out.all && out.ids.empty()) {
    problems.push_back(need + ".");
    return std::nullopt;
  }
  return out;
}

}  // namespace

TableOptions parse_table_options(const Config& config) {
  TableOptions out;
  auto tables = config.find("tables");
  if (tables == config.end() || tables->is_null()) {
    out.surveys = out.directories = out.users = true;
    out.definitions = out.responses = out.distributions = SurveySelection{true, {}};
    out.contacts = out.mailing_lists = out.directory_contacts = TableOptions::Scope{};
    return out;
  }
  std::vector<std::string> problems;
  for (const auto& [table, options] : tables->items()) {
    if (std::find(std::begin(kTables), std::end(kTables), table) == std::end(kTables)) {
      problems.push_back("`tables` names \"" + table +
                         "\", which is not a table of this connector (surveys, "
                         "survey_definitions, survey_responses, distributions, contacts, "
                         "directories, mailing_lists, directory_contacts, users).");
      continue;
    }
    if (!options.is_object()) {
      problems.push_back("the options of table " + table + " must be a JSON object, e.g. {}.");
      continue;
    }
    if (table == "surveys") out.surveys = true;
    if (table == "survey_definitions") out.definitions = survey_ids(table, options, problems);
    if (table == "survey_responses") out.responses = survey_ids(table, options, problems);
    if (table == "distributions") out.distributions = survey_ids(table, options, problems);
    if (table == "directories") out.directories = true;
    if (table == "users") out.users = true;
    if (table == "contacts" || table == "mailing_lists" || table == "directory_contacts") {
      TableOptions::Scope scope{options.value("directoryId", std::string()),
                                options.value("mailingListId", std::string())};
      if (!scope.directory_id.empty() && scope.directory_id.rfind("POOL_", 0) != 0)
        problems.push_back("table " + table + ": \"" + scope.directory_id +
                           "\" is not a directory id (POOL_…, from the directories table).");
      if (table == "contacts" && !scope.mailing_list_id.empty()) {
        if (scope.directory_id.empty())
          problems.push_back(
              "table contacts needs \"directoryId\", the XM directory's id (POOL_…, from GET "
              "/directories), beside its \"mailingListId\".");
        if (scope.mailing_list_id.rfind("CG_", 0) != 0)
          problems.push_back(
              "table contacts needs \"mailingListId\", the mailing list's id (CG_…, from GET "
              "/directories/{directoryId}/mailinglists).");
      }
      if (table == "contacts") out.contacts = scope;
      if (table == "mailing_lists") out.mailing_lists = scope;
      if (table == "directory_contacts") out.directory_contacts = scope;
    }
  }
  if (!problems.empty()) {
    std::string all;
    for (const auto& p : problems) all += (all.empty() ? "" : " ") + p;
    throw Error(ErrorKind::kConfig, "The `tables` setting has problems: " + all);
  }
  return out;
}

}  // namespace sluice::qualtrics
