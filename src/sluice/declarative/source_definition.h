#pragma once
// A whole YAML source as read and checked: its name, spec, shared request settings,
// authentication, error handling and streams. Reading reports every problem of the file at once
// (`file:line:col: sentence`) and throws sluice::Error (kConfig, exit 78) before anything runs.
#include <string>
#include <vector>

#include "sluice/declarative/authenticator.h"
#include "sluice/declarative/error_handler.h"
#include "sluice/declarative/spec_reader.h"
#include "sluice/declarative/stream_definition.h"
#include "sluice/sdk/spec.h"

namespace sluice::declarative {

struct SourceDefinition {
  std::string file;
  std::string name;
  std::string description;
  Spec spec;
  AuthDefinition auth;
  ErrorHandling errors;
  Template timeout_seconds;
  std::string check_stream;  // the stream whose first page `check` asks for
  std::vector<StreamDefinition> streams;
};

// `file` names the text in messages.
SourceDefinition read_source_text(const std::string& text, const std::string& file);
SourceDefinition read_source_file(const std::string& path);

}  // namespace sluice::declarative
