#pragma once
// The three Refiner streams: surveys with their questions, contacts, and responses with their
// answers and respondents.
#include <memory>
#include <set>
#include <string>

#include "connectors/refiner/refiner_client.h"
#include "sluice/load/digest_map.h"
#include "sluice/sdk/stream.h"

namespace sluice::refiner {

// What the streams of one sync share: the client, the configuration, and the NPS question ids
// found while reading surveys (a response's `score` is the value of that question).
struct SyncShared {
  explicit SyncShared(const Config& c) : config(c), client(c) {}
  Config config;
  RefinerClient client;
  std::set<std::string> nps_questions;
  bool nps_known = false;  // the surveys were read in this process (a resumed sync may skip them)
  // The respondent columns this sync wrote from responses, by person (without sync_contacts):
  // every response repeats its contact, and an update that matches an earlier one is skipped.
  DigestMap respondents_written;
};

// Fills `shared.nps_questions` from /forms when this process has not read the surveys yet.
void ensure_nps_questions(SyncShared& shared);

std::unique_ptr<Stream> surveys_stream(std::shared_ptr<SyncShared> shared);
std::unique_ptr<Stream> contacts_stream(std::shared_ptr<SyncShared> shared);
std::unique_ptr<Stream> responses_stream(std::shared_ptr<SyncShared> shared);

// One key rule for a person everywhere: the contact's remote_id, else its uuid.
Value respondent_key(simdjson::dom::object contact);
// A respondent row's key hash and the digest of the columns both /contacts and a response's
// contact fill, for `SyncShared::respondents_written`.
uint64_t respondent_key_hash(const Record& respondent);
uint64_t respondent_digest(const Record& respondent);

}  // namespace sluice::refiner
