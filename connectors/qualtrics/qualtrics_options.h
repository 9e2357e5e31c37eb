#pragma once
// The per-table options of the `tables` setting, as in the seed's pipeline spec: `surveyId` (one
// id, several, or "*" for every survey the token sees) for survey_definitions, survey_responses
// and distributions; `directoryId` and `mailingListId` for contacts. Every problem is reported at
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
  bool surveys = false;
  std::optional<SurveySelection> definitions, responses, distributions;
  struct Contacts {
    std::string directory_id, mailing_list_id;
  };
  std::optional<Contacts> contacts;
};

// Without `tables`: surveys, and the definitions, responses and distributions of every survey.
TableOptions parse_table_options(const Config& config);

}  // namespace sluice::qualtrics
