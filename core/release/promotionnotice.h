// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "notify/notificationsender.h"

#include <chrono>

namespace rd::config {
struct Workspace;
}

// The notice sent to the workspace's notification targets when a promotion or rollback has
// finished or failed: one sentence a person reads in chat ("hockey: api v1.6.0 promoted to qa
// (was v1.5.1) in 4 s."), and for generic webhooks the same as fields:
//   {"event": "promotion", "workspace", "action", "result": "succeeded"|"failed",
//    "artifact", "environment", "from_environment"|null, "from"|null, "to",
//    "duration_ms", "finished", "auto_rollback", "summary", "environments": ["qa: v1.5.1 (deployed)", …]}
// It is link-free: every URL in an engine message (a registry error, say) is removed, and
// deploy output never goes into it.
namespace rd::release {

struct PlannedRelease;
struct ReleaseOutcome;

notify::NotificationMessage promotionNotice(const config::Workspace &workspace, const PlannedRelease &planned,
                                            const ReleaseOutcome &outcome);

// "850 ms", "4 s", "2 min 5 s"
QString durationText(std::chrono::milliseconds duration);

} // namespace rd::release
