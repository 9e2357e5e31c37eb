#pragma once
// The per-table options of the `tables` setting, as in the seed's pipeline spec: `surveyId` (one
// id, several, or "*" for every survey the token sees) for survey_definitions, survey_responses
// and distributions; `directoryId` (and for contacts `mailingListId`) for the XM Directory tables,
// which without them read every directory and list the token sees. Every problem is reported at
// once, in one Error.
#include <optional>
#include <string>
#include <vector>

#include "sluice/sdk/spec.h"

namespace sluice::qualtrics {

struct SurveySelection {
  bool all = false;
  std::vector<std::string> ids;
};

struct TableOptions {
  bool surveys = false, directories = false, users = false;
  std::optional<SurveySelection> definitions, responses, distributions;
  // Empty ids: every directory (every mailing list) found.
  struct Scope {
    std::string directory_id, mailing_list_id;
  };
  std::optional<Scope> contacts, mailing_lists, directory_contacts;
};

// Without `tables`: every table, for every survey, directory and mailing list.
TableOptions parse_table_options(const Config& config);

}  // namespace sluice::qualtrics
