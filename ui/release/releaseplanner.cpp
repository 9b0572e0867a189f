// SPDX-License-Identifier: GPL-3.0-or-later
#include "releaseplanner.h"

using namespace Qt::StringLiterals;

namespace rd::ui {

Planner defaultPlanner()
{
    // The engine (core/release promote/rollback planners) lands on its own branch; until it is
    // merged the window says so instead of pretending.
    return [](const config::Workspace &, const ReleaseRequest &request) -> Result<PreparedRelease> {
        return fail(Error::Domain::Release,
                    u"%1 %2 to %3 cannot be planned: this build has no release engine yet"_s.arg(
                        request.action == ReleaseRequest::Action::Promote ? u"Promoting"_s : u"Rolling back"_s, request.artifact,
                        request.environment));
    };
}

} // namespace rd::ui
