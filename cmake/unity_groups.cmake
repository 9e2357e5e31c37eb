# Unity builds, grouped by folder. Most of a translation unit's cost here is the headers every
# source shares (nlohmann/json, simdjson, CLI11, the standard library) and the inline code they
# instantiate, compiled again for each source; a group of neighbours pays for them once. Groups
# hold at most SLUICE_UNITY_BATCH sources of one folder, so a new folder (a new connector) is a
# group of its own and leaves every other group, and its object, as it was (the scaffold test
# reuses them). A source with its own compile options is compiled alone, as CMake does anyway.
set(SLUICE_UNITY_BATCH 8 CACHE STRING "Most sources of one folder compiled as one unit (0: no unity build)")

function(sluice_unity_groups sources_var)
  if(NOT SLUICE_UNITY_BATCH)
    return()
  endif()
  set(ids)
  foreach(src IN LISTS ${sources_var})
    if(NOT src MATCHES "\\.cc$")
      continue()
    endif()
    file(RELATIVE_PATH path ${CMAKE_SOURCE_DIR} ${src})
    if(path IN_LIST SLUICE_UNITY_ALONE)
      set_source_files_properties(${src} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
      continue()
    endif()
    get_filename_component(rel ${path} DIRECTORY)
    string(MAKE_C_IDENTIFIER "${rel}" id)
    list(APPEND ids ${id})
    list(APPEND members_${id} ${src})
  endforeach()
  list(REMOVE_DUPLICATES ids)
  foreach(id IN LISTS ids)
    # Spread a folder evenly over as few groups as the batch allows, so no group is a straggler.
    list(LENGTH members_${id} n)
    math(EXPR groups "(${n} + ${SLUICE_UNITY_BATCH} - 1) / ${SLUICE_UNITY_BATCH}")
    set(i 0)
    foreach(src IN LISTS members_${id})
      math(EXPR g "${i} * ${groups} / ${n}")
      set_source_files_properties(${src} PROPERTIES UNITY_GROUP ${id}_${g})
      math(EXPR i "${i} + 1")
    endforeach()
  endforeach()
endfunction()

# Sources compiled alone: a name in their anonymous namespace is also in a neighbour's, or GCC 12
# warns falsely once neighbours are inlined together (-Wstringop-overflow in duckdb_append.cc).
# A build error from inside Unity/unity_<folder>_<n>_cxx.cxx about a name defined twice lands here
# or in a more specific name (docs/build.md).
set(SLUICE_UNITY_ALONE
    src/sluice/core/redact.cc src/sluice/declarative/spec_reader.cc src/sluice/load/key_set.cc
    src/sluice/destinations/duckdb/duckdb_append.cc connectors/countly/countly_users.cc
    connectors/qualtrics/qualtrics_directory_data.cc connectors/refiner/refiner_windows.cc
    connectors/sensource/sensource_windows.cc)

# Turns the unity build on for a target whose sources went through sluice_unity_groups.
function(sluice_unity target)
  if(SLUICE_UNITY_BATCH)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_MODE GROUP)
  endif()
endfunction()
