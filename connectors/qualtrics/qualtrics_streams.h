#pragma once
// The Qualtrics streams and what they share within one sync: the configuration, one client (one
// request budget), the table options, and the survey list when "*" asks for every survey.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "connectors/qualtrics/qualtrics_client.h"
#include "connectors/qualtrics/qualtrics_directory_list.h"
#include "connectors/qualtrics/qualtrics_options.h"
#include "sluice/core/table_spec.h"
#include "sluice/sdk/stream.h"

namespace sluice::qualtrics {

struct Shared {
  Shared(Config c)
      : config(std::move(c)),
        client(config),
        tables(parse_table_options(config)),
        directories(client) {}
  Config config;
  QualtricsClient client;
  TableOptions tables;
  DirectoryList directories;
  // The selected survey ids, in a stable order; "*" lists the surveys once per sync.
  std::vector<std::string> surveys_for(const SurveySelection& selection);

 private:
  std::mutex survey_list_mu_;  // streams read at once may all ask for the list first
  std::optional<std::vector<std::string>> every_survey_;
};

std::unique_ptr<Stream> surveys_stream(std::shared_ptr<Shared> shared);
std::unique_ptr<Stream> definitions_stream(std::shared_ptr<Shared> shared);
std::unique_ptr<Stream> responses_stream(std::shared_ptr<Shared> shared);
std::unique_ptr<Stream> distributions_stream(std::shared_ptr<Shared> shared);
std::unique_ptr<Stream> contacts_stream(std::shared_ptr<Shared> shared);
std::unique_ptr<Stream> directories_stream(std::shared_ptr<Shared> shared);
std::unique_ptr<Stream> mailing_lists_stream(std::shared_ptr<Shared> shared);
std::unique_ptr<Stream> directory_contacts_stream(std::shared_ptr<Shared> shared);
std::unique_ptr<Stream> users_stream(std::shared_ptr<Shared> shared);

std::vector<TableSpec> qualtrics_tables();
std::vector<TableSpec> directory_tables();  // directories, mailing_lists, directory_contacts, users

}  // namespace sluice::qualtrics
