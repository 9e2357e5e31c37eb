// The request's selection as the partner SDK contract defines it: listed tables by their flag,
// unlisted ones by include_new_tables, columns by their map or include_new_columns; with schemas,
// a schema's flag and its own include_new_tables.
#include <gtest/gtest.h>

#include "sluice/protocols/grpc/grpc_update_emitter.h"

namespace sluice::grpc_protocol {
namespace {

namespace sdk = ::fivetran_sdk::v2;

sdk::TableSelection* add(google::protobuf::RepeatedPtrField<sdk::TableSelection>* tables,
                         const std::string& name, bool included) {
  sdk::TableSelection* t = tables->Add();
  t->set_table_name(name);
  t->set_included(included);
  return t;
}

TEST(GrpcSelection, NoSelectionIsEverything) {
  Selection all;
  EXPECT_TRUE(all.table("anything"));
  EXPECT_TRUE(all.column("anything", "any_column"));
}

TEST(GrpcSelection, TablesWithoutSchema) {
  sdk::Selection s;
  auto* w = s.mutable_without_schema();
  w->set_include_new_tables(false);
  sdk::TableSelection* surveys = add(w->mutable_tables(), "surveys", true);
  surveys->set_include_new_columns(false);
  (*surveys->mutable_columns())["name"] = true;
  (*surveys->mutable_columns())["secret_notes"] = false;
  add(w->mutable_tables(), "answers", false);
  Selection sel(s);
  EXPECT_TRUE(sel.table("surveys"));
  EXPECT_FALSE(sel.table("answers"));
  EXPECT_FALSE(sel.table("responses")) << "unlisted, and new tables are excluded";
  EXPECT_TRUE(sel.column("surveys", "name"));
  EXPECT_FALSE(sel.column("surveys", "secret_notes"));
  EXPECT_FALSE(sel.column("surveys", "added_later")) << "new columns are excluded";
  w->set_include_new_tables(true);
  EXPECT_TRUE(Selection(s).table("responses"));

  std::vector<TableSpec> tables = {{"surveys", {"id"}, {}, WriteMode::kMerge, ""}};
  EXPECT_EQ(sel.unknown_tables(tables), std::vector<std::string>{}) << "answers is excluded";
  add(w->mutable_tables(), "no_such_table", true);
  EXPECT_EQ(Selection(s).unknown_tables(tables), std::vector<std::string>{"no_such_table"});
}

TEST(GrpcSelection, TablesWithSchema) {
  sdk::Selection s;
  auto* w = s.mutable_with_schema();
  w->set_include_new_schemas(false);
  sdk::SchemaSelection* kept = w->add_schemas();
  kept->set_schema_name("main");
  kept->set_included(true);
  kept->set_include_new_tables(true);
  add(kept->mutable_tables(), "answers", false);
  sdk::SchemaSelection* dropped = w->add_schemas();
  dropped->set_schema_name("old");
  dropped->set_included(false);
  add(dropped->mutable_tables(), "surveys", true);
  Selection sel(s);
  EXPECT_FALSE(sel.table("answers"));
  EXPECT_FALSE(sel.table("surveys")) << "its schema is excluded";
  EXPECT_TRUE(sel.table("responses")) << "new to an included schema that takes new tables";
  kept->set_include_new_tables(false);
  EXPECT_FALSE(Selection(s).table("responses"));
  // No schema listed: new tables follow include_new_schemas.
  sdk::Selection none;
  none.mutable_with_schema()->set_include_new_schemas(true);
  EXPECT_TRUE(Selection(none).table("responses"));
  none.mutable_with_schema()->set_include_new_schemas(false);
  EXPECT_FALSE(Selection(none).table("responses"));
}

}  // namespace
}  // namespace sluice::grpc_protocol
