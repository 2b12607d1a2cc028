# Shows that check_core_free_of_grpc.cmake can fail, and fails for the right reasons: run on
# the fixture's demo_core (fixture/core_targets.cmake), which breaks every rule once, it must
# exit non-zero and name each break, and not the clean file; run on clean_core, it must pass.
# Run by ctest (core_rules_check_fails_on_a_fixture):
#   cmake -DCHECK=check_core_free_of_grpc.cmake -DFIXTURE=fixture -P check_fixture.cmake
cmake_minimum_required(VERSION 3.25)
if(NOT CHECK OR NOT FIXTURE)
  message(FATAL_ERROR "pass -DCHECK=<check script> -DFIXTURE=<fixture folder>")
endif()

# Runs the check on `core` of the fixture; sets `code_out` and `output_out`.
function(run_check core code_out output_out)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -DMANIFEST=${FIXTURE}/core_targets.cmake -DCORE_TARGETS=${core}
      -P ${CHECK}
    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(${code_out} "${code}" PARENT_SCOPE)
  set(${output_out} "${out}${err}" PARENT_SCOPE)
endfunction()

set(failures "")

run_check(demo_core code output)
if(code EQUAL 0)
  list(APPEND failures "the check passed demo_core, which breaks every rule")
endif()
# CMake wraps long messages: compare with the line breaks and indentation taken out.
string(REGEX REPLACE "[ \t\r\n]+" " " flat "${output}")
foreach(expected IN ITEMS
    # A gRPC header reached through two project headers, with the way it was reached.
    "demo_core: services/demo/demo_service.cc > services/demo/demo_service.h > services/demo/demo_client.h includes grpcpp/channel.h"
    # A stub header included by a source itself.
    "demo_core: services/demo/demo_store.cc includes meridian/demo/v1/demo.grpc.pb.h"
    # gRPC and the server library linked, directly or through another library.
    "demo_core: links meridian_demo_v1_grpc_proto"
    "demo_core: links gRPC::grpc++ via meridian_demo_v1_grpc_proto"
    "demo_core: links meridian_server via demo_helpers")
  string(FIND "${flat}" "${expected}" at)
  if(at EQUAL -1)
    list(APPEND failures "the check did not say: ${expected}")
  endif()
endforeach()
foreach(unexpected IN ITEMS "clean_rules.cc" "demo_rules.h includes" "demo.pb.h"
    "links meridian_common")
  string(FIND "${flat}" "${unexpected}" at)
  if(NOT at EQUAL -1)
    list(APPEND failures "the check blamed something clean: ${unexpected}")
  endif()
endforeach()

run_check(clean_core code clean_output)
if(NOT code EQUAL 0)
  list(APPEND failures "the check failed clean_core, which breaks no rule:\n${clean_output}")
endif()

if(failures)
  list(JOIN failures "\n  " text)
  message(FATAL_ERROR "check_core_free_of_grpc.cmake on the fixture:\n  ${text}\n"
    "its output on demo_core was:\n${output}")
endif()
message(STATUS "the check fails demo_core for each of its five breaks and passes clean_core")
