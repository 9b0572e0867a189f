// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "releaserequest.h"

namespace rd::ui {

// The planner the window uses unless one is set: the release engine's promote and rollback
// planners, adapted to ReleaseRequest.
Planner defaultPlanner();

} // namespace rd::ui
