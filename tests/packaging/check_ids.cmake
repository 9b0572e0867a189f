# SPDX-License-Identifier: GPL-3.0-or-later
#
# cmake -DAPP_ID=... -DVERSION=... -DGUI_NAME=... -DDESKTOP=... -DMETAINFO=... -DICON_DIR=...
#       -DFLATPAK=... -P check_ids.cmake
#
# The desktop entry, the AppStream metadata, the icon and the Flatpak manifest each name the
# application and its program; desktops and software centres join them by those names, and a
# mismatch fails silently there (no icon, no launch button). This test makes it fail here.

set(failures "")
macro(expect what actual expected)
    if(NOT "${actual}" STREQUAL "${expected}")
        string(APPEND failures "  ${what}: \"${actual}\", expected \"${expected}\"\n")
    endif()
endmacro()

foreach(var APP_ID VERSION GUI_NAME DESKTOP METAINFO ICON_DIR FLATPAK)
    if("${${var}}" STREQUAL "")
        message(FATAL_ERROR "check_ids.cmake: -D${var}=... is missing")
    endif()
endforeach()

# Metainfo: the component id, the launchable, the newest release.
file(READ "${METAINFO}" metainfo)
string(REGEX MATCH "<id>([^<]*)</id>" _ "${metainfo}")
expect("metainfo <id>" "${CMAKE_MATCH_1}" "${APP_ID}")
get_filename_component(metainfo_name "${METAINFO}" NAME)
expect("metainfo file name" "${metainfo_name}" "${APP_ID}.metainfo.xml")

string(REGEX MATCH "<launchable type=\"desktop-id\">([^<]*)</launchable>" _ "${metainfo}")
get_filename_component(desktop_name "${DESKTOP}" NAME)
expect("metainfo <launchable type=\"desktop-id\">" "${CMAKE_MATCH_1}" "${desktop_name}")
expect("desktop file name" "${desktop_name}" "${APP_ID}.desktop")

# Releases are listed newest first; the first one must be the version being built, so that a
# version bump without release notes does not ship.
string(REGEX MATCH "<release [^>]*version=\"([^\"]*)\"" _ "${metainfo}")
expect("newest metainfo <release version>" "${CMAKE_MATCH_1}" "${VERSION}")

string(REGEX MATCH "<binary>${GUI_NAME}</binary>" provides_gui "${metainfo}")
expect("metainfo <provides><binary>" "${provides_gui}" "<binary>${GUI_NAME}</binary>")

# Desktop entry: the icon it names is installed under that name; it starts the GUI program.
file(STRINGS "${DESKTOP}" icon_line REGEX "^Icon=")
expect("desktop Icon=" "${icon_line}" "Icon=${APP_ID}")
if(NOT EXISTS "${ICON_DIR}/${APP_ID}.svg")
    string(APPEND failures "  icon ${ICON_DIR}/${APP_ID}.svg does not exist\n")
endif()
file(STRINGS "${DESKTOP}" exec_line REGEX "^Exec=")
string(REGEX REPLACE "^Exec=([^ ]*).*" "\\1" exec_program "${exec_line}")
expect("desktop Exec= program" "${exec_program}" "${GUI_NAME}")
file(STRINGS "${DESKTOP}" tryexec_line REGEX "^TryExec=")
expect("desktop TryExec=" "${tryexec_line}" "TryExec=${GUI_NAME}")

# Flatpak manifest: built under the same id, runs the same program.
file(STRINGS "${FLATPAK}" flatpak_id REGEX "^id:")
expect("flatpak id:" "${flatpak_id}" "id: ${APP_ID}")
file(STRINGS "${FLATPAK}" flatpak_command REGEX "^command:")
expect("flatpak command:" "${flatpak_command}" "command: ${GUI_NAME}")
get_filename_component(flatpak_name "${FLATPAK}" NAME)
expect("flatpak manifest file name" "${flatpak_name}" "${APP_ID}.yml")

if(failures)
    message(FATAL_ERROR "The application's names disagree:\n${failures}")
endif()
message(STATUS "${APP_ID} ${VERSION}: desktop entry, metainfo, icon and Flatpak manifest agree")
