// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "util/error.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <expected>

// Reading a workspace file (releasedeck.yaml, version 1) into the value types of workspace.h.
// The file is untrusted input: it is size-checked and UTF-8-checked before the YAML parser
// sees it, every key is checked against the schema, and every problem found is returned
// (not only the first), each with file:line:column and the key it concerns. No exception
// leaves these functions. docs/configuration.md is the reference of the format.
namespace rd::config {

// The largest workspace file accepted; larger files are refused before parsing.
inline constexpr qsizetype MaxWorkspaceFileSize = 1024 * 1024;

// Reads and validates a workspace file; on failure returns every problem found (not only the
// first), each with file:line:column.
[[nodiscard]] std::expected<Workspace, QList<rd::Error>> loadWorkspace(const QString &path);

// The same for text already in memory. `fileName` is used as written in error locations, and
// made absolute for Workspace::file (relative paths in the file resolve against its folder).
[[nodiscard]] std::expected<Workspace, QList<rd::Error>> parseWorkspace(
    const QByteArray &yaml, const QString &fileName);

} // namespace rd::config
