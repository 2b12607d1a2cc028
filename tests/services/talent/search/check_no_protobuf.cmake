# The search engine (services/talent/search/, target talent_search) takes plain structs and
# returns plain structs: this script fails when one of its files includes a protobuf or gRPC
# header, or a project header other than the few plain ones it may use. Run by ctest
# (talent_search_includes_no_protobuf):
#   cmake -DENGINE_DIR=services/talent/search -P check_no_protobuf.cmake
cmake_minimum_required(VERSION 3.25)
if(NOT ENGINE_DIR)
  message(FATAL_ERROR "pass -DENGINE_DIR=<path to services/talent/search>")
endif()
# Project headers the engine may include besides its own (none of them includes protobuf code
# of its own making; overlap.h's WeeklyHours::From takes a proto, see the README).
set(allowed "services/talent/domain/overlap.h" "common/logging/log.h")
file(GLOB files "${ENGINE_DIR}/*.h" "${ENGINE_DIR}/*.cc")
if(NOT files)
  message(FATAL_ERROR "no engine files under ${ENGINE_DIR}")
endif()
set(problems "")
foreach(file IN LISTS files)
  file(STRINGS "${file}" includes REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[\"<]([^\">]*)[\">].*$" "\\1" header "${line}")
    if(header MATCHES "\\.pb\\.h$|^google/protobuf/|^grpcpp/|^grpc/|^grpc\\+\\+/")
      list(APPEND problems "${file}: ${header} (protobuf or gRPC)")
    elseif(header MATCHES "^(services|common|meridian|bench|tools)/")
      if(NOT header MATCHES "^services/talent/search/" AND NOT header IN_LIST allowed)
        list(APPEND problems "${file}: ${header} (not a plain engine header)")
      endif()
    endif()
  endforeach()
endforeach()
if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "the search engine must include no protobuf or gRPC header:\n  ${text}")
endif()
list(LENGTH files count)
message(STATUS "${count} engine files include no protobuf or gRPC header")
