# A service's core (every `<svc>_core` target under services/) is free of gRPC: this script
# fails when a core, or a project library it links, has a source that includes a gRPC header
# (grpcpp/, grpc/, grpc++/, *.grpc.pb.h), directly or through a project header it includes,
# or when the core links a gRPC target (gRPC::grpc++ and the rest, a service's stubs target
# *_grpc_proto) or meridian_server, directly or through another library. Run by ctest (core_targets_free_of_grpc) on the
# manifest the configure step writes (tests/services/core_rules/CMakeLists.txt), and by
# core_rules_check_fails_on_a_fixture on a fixture that breaks each rule once:
#   cmake -DMANIFEST=<build>/core_targets.cmake -P check_core_free_of_grpc.cmake
#
# The manifest sets SOURCE_ROOT, CORE_TARGETS, and for each core <t>:
#   CORE_<t>_SOURCES  its sources and those of the project libraries it links, relative to
#                     SOURCE_ROOT
#   CORE_<t>_LINKS    everything it links, directly or not: "<name>" or "<name> via <a> > <b>"
cmake_minimum_required(VERSION 3.25)
if(NOT MANIFEST)
  message(FATAL_ERROR "pass -DMANIFEST=<path to core_targets.cmake>")
endif()
include("${MANIFEST}")
if(NOT CORE_TARGETS)
  message(FATAL_ERROR "${MANIFEST} names no core target: is there no <svc>_core under services/?")
endif()

# Headers that belong to gRPC, ours (stubs) or the library's.
set(grpc_header "^grpcpp/|^grpc/|^grpc\\+\\+/|\\.grpc\\.pb\\.h$")
# Targets a core must not link: gRPC's, any service's stubs, the server library.
set(grpc_target "^gRPC::|_grpc_proto$|^meridian_server$")

# Sets `out` to the headers `file` includes, as written ("grpcpp/channel.h").
function(included_headers file out)
  file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include")
  set(headers "")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[\"<]([^\">]*)[\">].*$" "\\1" header "${line}")
    list(APPEND headers "${header}")
  endforeach()
  set(${out} "${headers}" PARENT_SCOPE)
endfunction()

set(problems "")
foreach(core IN LISTS CORE_TARGETS)
  # Each source, then each project header reached from it (resolved against SOURCE_ROOT, as
  # the project's includes are written), once; `via_<file>` remembers how a header was
  # reached, for the message.
  set(queue ${CORE_${core}_SOURCES})
  set(seen ${queue})
  foreach(file IN LISTS queue)
    string(MAKE_C_IDENTIFIER "${file}" key)
    set(via_${key} "")
  endforeach()
  while(queue)
    list(POP_FRONT queue file)
    if(NOT EXISTS "${SOURCE_ROOT}/${file}")
      list(APPEND problems "${core}: ${file} is listed but does not exist")
      continue()
    endif()
    string(MAKE_C_IDENTIFIER "${file}" key)
    included_headers("${SOURCE_ROOT}/${file}" headers)
    foreach(header IN LISTS headers)
      if(header MATCHES "${grpc_header}")
        set(chain "${file}")
        if(via_${key})
          set(chain "${via_${key}} > ${file}")
        endif()
        list(APPEND problems "${core}: ${chain} includes ${header}")
      elseif(EXISTS "${SOURCE_ROOT}/${header}" AND NOT IS_DIRECTORY "${SOURCE_ROOT}/${header}"
             AND NOT header IN_LIST seen)
        list(APPEND seen "${header}")
        list(APPEND queue "${header}")
        string(MAKE_C_IDENTIFIER "${header}" header_key)
        if(via_${key})
          set(via_${header_key} "${via_${key}} > ${file}")
        else()
          set(via_${header_key} "${file}")
        endif()
      endif()
    endforeach()
  endwhile()

  foreach(link IN LISTS CORE_${core}_LINKS)
    string(REGEX MATCH "^[^ ]+" name "${link}")
    if(name MATCHES "${grpc_target}")
      list(APPEND problems "${core}: links ${link}")
    endif()
  endforeach()
endforeach()

if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "a service's core must not include gRPC headers or link gRPC or "
    "meridian_server (put that code in <svc>_grpc, behind an interface the core owns):\n  ${text}")
endif()
list(LENGTH CORE_TARGETS count)
list(JOIN CORE_TARGETS ", " names)
message(STATUS "${count} cores (${names}) include no gRPC header and link no gRPC")
