// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "backups/backupstatus.h"
#include "config/workspace.h"
#include "release/plan.h"
#include "util/error.h"

#include <QString>

namespace rd::ssh {
class HostPool;
}

// The three backup actions, each built as a Plan (no side effects until it is run):
// back up now, restore a chosen backup, delete the backups beyond retention.
namespace rd::backups {

// Error::code of a restore refused because a protected environment was not confirmed by
// typing its name (the CLI exits 3 for it, like a policy refusal).
inline constexpr int RefusedUnconfirmed = 3;

// Runs the environment's `backups.command` ({env} available) on the backups host.
[[nodiscard]] Result<release::Plan> backupNowPlan(const config::Workspace &workspace, ssh::HostPool &pool,
                                                  const QString &environment);

// Runs `backups.restore` with {file} = `file`, which must be a safe name matching the pattern
// (and, when `status` is given, one of the files it lists). On a protected environment the
// caller must pass `confirmation` equal to the environment's name, or the plan is refused.
[[nodiscard]] Result<release::Plan> restorePlan(const config::Workspace &workspace, ssh::HostPool &pool,
                                                const QString &environment, const QString &file,
                                                const QString &confirmation, const BackupStatus *status = nullptr);

// One step deleting exactly `status.beyondRetention` (never the newest backup) from the
// folder; a plan without steps when there is nothing to delete.
[[nodiscard]] Result<release::Plan> cleanPlan(const config::Workspace &workspace, ssh::HostPool &pool,
                                              const BackupStatus &status);

// The commands cleanPlan() runs for `files` in `path` (each at most ~64 KiB long).
QStringList deleteCommands(const QString &path, const QList<BackupFile> &files);

} // namespace rd::backups
