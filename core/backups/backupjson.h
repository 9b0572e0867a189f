// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "backups/backupstatus.h"

#include <QJsonObject>

// `releasedeck-cli backups --json`: the contract in DESIGN.md ({"environments": [{"name",
// "status", "newest": {"file", "time", "size"}|null, "count", "total_size", "error"|null}]})
// plus age_seconds, flags, beyond_retention, host, path, checked and unsafe_names.
namespace rd::backups {

QJsonObject toJson(const BackupStatus &status);
QJsonObject toJson(const QList<BackupStatus> &statuses);

} // namespace rd::backups
