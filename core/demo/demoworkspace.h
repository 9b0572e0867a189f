// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QDateTime>
#include <QString>

namespace rd::demo {

// Writes the built-in demo workspace into `directory` (created if needed, must be empty):
// releasedeck.yaml; repo/, a git repository with a few dozen commits and environment
// branches; registry/, OCI image layouts for three artifacts with versions spread over dev,
// qa, staging and prod (some behind, one never deployed); state/, what the `local` host has
// "deployed"; backups/, gzip'd SQL dumps. Same bytes every time (content is fixed, times
// derive from demoEpoch()). Returns the path of releasedeck.yaml.
[[nodiscard]] Result<QString> createDemoWorkspace(const QString &directory);

// The fixed instant the demo's history is laid out from.
QDateTime demoEpoch();

} // namespace rd::demo
