#pragma once
// Table and column names normalised as Fivetran does: lowercase snake_case.
#include <string>
#include <string_view>

namespace sluice {

// `zoneId` -> `zone_id`, `recordDate_hour_1` -> `record_date_hour_1`, `Survey ID` -> `survey_id`,
// `HTTPStatus` -> `http_status`. Characters other than letters and digits become `_`, runs of `_`
// collapse, and a name that would start with a digit gets a leading `_`.
std::string normalize_name(std::string_view raw);

}  // namespace sluice
