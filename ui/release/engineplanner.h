// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "historyrecord.h"
#include "releaserequest.h"

namespace rd::ui {

// The release engine (core/release/releaseengine.h) behind the window: plans promote and
// rollback, checks policy before the confirmation is shown (so its warnings and refusals are
// seen first; nothing is audited for a preview), and runs a confirmed plan through the
// engine's admission (typed confirmation, policy, lock, audit) and execution (verification,
// automatic rollback, older known-good version).
Planner defaultPlanner();

// The workspace's audit log as history rows, newest first (at most `limit`). Blocks: call it on
// a worker thread.
[[nodiscard]] Result<QList<HistoryRecord>> loadAuditHistory(const config::Workspace &workspace, int limit = 1000);

} // namespace rd::ui
