// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// The OCI distribution grammar for the names that reach file paths, URLs and shell commands.
// Everything read from a workspace, a registry or a layout is checked with these first.
namespace rd::registry {

// [A-Za-z0-9_][A-Za-z0-9._-]{0,127}
bool isValidTag(QStringView tag);
// path components [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)* joined by '/', at most 255 characters
bool isValidRepositoryName(QStringView name);
// sha256:<64 lowercase hex> (the only algorithm we accept for content we verify)
bool isValidDigest(QStringView digest);

} // namespace rd::registry
