# What proto/ needs from outside the repository, pinned in tools/protos/package-lock.json and
# installed with `npm ci` into the build tree when CMake configures (never into the
# repository):
#   - google-proto-files: Google's published google/api, google/rpc and google/type protos
#     (Debian 12 ships none that is usable: libgoogle-common-protos-java 1.16 has them inside a
#     jar, from 2020, without google.rpc.ErrorInfo; golang-github-gogo-googleapis-dev has
#     modified copies without field_behavior or resource).
#   - @bufbuild/buf: the buf CLI, for the contract's lint and breaking-change tests.
#   - city-timezones: cities with their country and IANA zone (MIT, from Natural Earth's
#     populated places), which common/text/ compacts at build time into the lookup DraftCandidate
#     reads locations with. Not proto's, but fetched here so that the build has one npm step.
# The first configure downloads them (a few seconds); later ones compare the lock file's hash
# with the one recorded at the last install and do nothing while it is the same. Editing
# package.json or package-lock.json configures again.
#
# Sets MERIDIAN_GOOGLEAPIS_DIR (the import root of google/api, google/rpc, google/type) and
# MERIDIAN_BUF (the buf executable) and MERIDIAN_CITY_TIMEZONES_JSON (city-timezones' data).

set(MERIDIAN_PROTO_TOOLS_SOURCE "${PROJECT_SOURCE_DIR}/tools/protos")
set(MERIDIAN_PROTO_TOOLS_DIR "${CMAKE_BINARY_DIR}/proto-tools")
set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  "${MERIDIAN_PROTO_TOOLS_SOURCE}/package.json" "${MERIDIAN_PROTO_TOOLS_SOURCE}/package-lock.json")

file(SHA256 "${MERIDIAN_PROTO_TOOLS_SOURCE}/package-lock.json" _meridian_lock_hash)
set(_meridian_stamp "${MERIDIAN_PROTO_TOOLS_DIR}/installed-lock.sha256")
set(_meridian_installed "")
if(EXISTS "${_meridian_stamp}")
  file(READ "${_meridian_stamp}" _meridian_installed)
endif()

set(MERIDIAN_GOOGLEAPIS_DIR "${MERIDIAN_PROTO_TOOLS_DIR}/node_modules/google-proto-files")
set(MERIDIAN_BUF "${MERIDIAN_PROTO_TOOLS_DIR}/node_modules/.bin/buf")
set(MERIDIAN_CITY_TIMEZONES_JSON
  "${MERIDIAN_PROTO_TOOLS_DIR}/node_modules/city-timezones/data/cityMap.json")

if(NOT _meridian_installed STREQUAL _meridian_lock_hash
    OR NOT EXISTS "${MERIDIAN_GOOGLEAPIS_DIR}/google/rpc/status.proto" OR NOT EXISTS "${MERIDIAN_BUF}"
    OR NOT EXISTS "${MERIDIAN_CITY_TIMEZONES_JSON}")
  find_program(MERIDIAN_NPM npm)
  if(NOT MERIDIAN_NPM)
    message(FATAL_ERROR "npm is needed to fetch Google's common protos and buf "
      "(tools/protos/package.json): run ./meridian deps, or apt-get install npm")
  endif()
  message(STATUS "Fetching Google's common protos and buf with npm ci (tools/protos)")
  file(MAKE_DIRECTORY "${MERIDIAN_PROTO_TOOLS_DIR}")
  file(REMOVE "${_meridian_stamp}")
  foreach(f package.json package-lock.json)
    configure_file("${MERIDIAN_PROTO_TOOLS_SOURCE}/${f}" "${MERIDIAN_PROTO_TOOLS_DIR}/${f}" COPYONLY)
  endforeach()
  # --ignore-scripts: nothing here needs an install script (buf's only checks its binary).
  execute_process(
    COMMAND "${MERIDIAN_NPM}" ci --ignore-scripts --no-audit --no-fund --loglevel=error
    WORKING_DIRECTORY "${MERIDIAN_PROTO_TOOLS_DIR}"
    RESULT_VARIABLE _meridian_npm_result)
  if(NOT _meridian_npm_result EQUAL 0)
    message(FATAL_ERROR "npm ci in ${MERIDIAN_PROTO_TOOLS_DIR} failed (${_meridian_npm_result}): "
      "the npm registry must be reachable for the first build")
  endif()
  file(WRITE "${_meridian_stamp}" "${_meridian_lock_hash}")
endif()
