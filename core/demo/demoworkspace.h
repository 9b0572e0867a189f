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
// derive from demoEpoch()) — except the backups' names and times, which derive from `now`
// (default: the current time) so the demo's backups look healthy: a daily dump, the newest
// one from demoBackupTime(now). Returns the path of releasedeck.yaml.
[[nodiscard]] Result<QString> createDemoWorkspace(const QString &directory, const QDateTime &now = {});

// The time of the demo's newest backup when it is created at `now`: a little over three hours
// earlier, to the minute (UTC). The six before it are one day apart.
QDateTime demoBackupTime(const QDateTime &now);

// The fixed instant the demo's history is laid out from.
QDateTime demoEpoch();

} // namespace rd::demo
