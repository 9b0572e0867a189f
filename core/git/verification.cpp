// SPDX-License-Identifier: GPL-3.0-or-later
#include "verification.h"

#include "libgit2.h"

namespace rd::git {

void setObjectHashVerification(bool enabled)
{
    detail::ensureInitialised();
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled ? 1 : 0);
}

} // namespace rd::git
