#pragma once
// Connectors register themselves from their own folder (SLUICE_REGISTER_CONNECTOR), so adding a
// source never edits a central list.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sluice/sdk/connector.h"

namespace sluice {

using ConnectorFactory = std::function<std::unique_ptr<Connector>()>;

void register_connector(const std::string& name, ConnectorFactory factory);
std::unique_ptr<Connector> make_connector(const std::string& name);  // nullptr when unknown
std::vector<std::string> connector_names();

struct ConnectorRegistrar {
  ConnectorRegistrar(const std::string& name, ConnectorFactory factory) {
    register_connector(name, std::move(factory));
  }
};

}  // namespace sluice

#define SLUICE_REGISTER_CONNECTOR(NAME, TYPE)                                   \
  static const ::sluice::ConnectorRegistrar sluice_connector_registrar_##TYPE { \
    NAME, [] { return std::make_unique<TYPE>(); }                               \
  }
