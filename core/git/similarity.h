// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to core/git: git's own rename similarity (diffcore-delta's span hashes), so that
// renames and their "similarity index N%" match `git diff` exactly. libgit2's built-in metric
// scores differently and would pair or grade some renames otherwise.

#include <git2.h>

namespace rd::git::detail {

// A metric for git_diff_find_options::metric; stateless, valid for the life of the process.
git_diff_similarity_metric *gitSimilarityMetric();

} // namespace rd::git::detail
