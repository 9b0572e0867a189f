# SPDX-License-Identifier: GPL-3.0-or-later
#
# cmake -DBUILD_DIR=... -DSTAGE=... -DAPP_ID=... -DAPPSTREAMCLI=... -P check_install.cmake
#
# Installs the built project into a scratch prefix, the way a package does, and checks the
# result: every file where desktops and software centres look for it, and the installed tree
# valid for AppStream (which, unlike validating the metainfo alone, fails when the desktop file
# the launchable names is not installed).

foreach(var BUILD_DIR STAGE APP_ID APPSTREAMCLI)
    if("${${var}}" STREQUAL "")
        message(FATAL_ERROR "check_install.cmake: -D${var}=... is missing")
    endif()
endforeach()

file(REMOVE_RECURSE "${STAGE}")
execute_process(
    COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${STAGE}/usr"
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "cmake --install failed (${result}):\n${output}")
endif()

set(missing "")
foreach(path
        usr/bin/releasedeck
        usr/bin/releasedeck-cli
        usr/share/applications/${APP_ID}.desktop
        usr/share/metainfo/${APP_ID}.metainfo.xml
        usr/share/icons/hicolor/scalable/apps/${APP_ID}.svg)
    if(NOT EXISTS "${STAGE}/${path}")
        string(APPEND missing "  ${path}\n")
    endif()
endforeach()
if(missing)
    message(FATAL_ERROR "Not installed:\n${missing}Installed:\n${output}")
endif()

execute_process(
    COMMAND "${APPSTREAMCLI}" validate-tree --no-net --strict "${STAGE}"
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "appstreamcli validate-tree failed on the installed tree:\n${output}")
endif()

file(REMOVE_RECURSE "${STAGE}")
message(STATUS "installed tree is complete and valid")
