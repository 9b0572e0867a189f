// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commitinfo.h"
#include "util/error.h"

#include <QList>
#include <QMap>
#include <QString>
#include <optional>

// The reference changes a promotion makes in a repository — move an environment branch,
// create or delete an environment tag, push those to the remote only if the remote still has
// what the plan saw (a lease) — each a compare-and-swap, so two promotions racing on one
// branch cannot silently overwrite each other. Each call opens the repository at `path` on
// the calling thread and closes it again: steps run on worker threads.
namespace rd::git {

// How moving a branch from `current` to `target` relates to history.
enum class BranchMove {
    UpToDate,     // already there
    FastForward,  // target descends from current
    Backward,     // target is an ancestor of current (a rollback)
    Diverged,     // neither: needs a merge (or a forced move)
};

[[nodiscard]] Result<BranchMove> classifyBranchMove(const QString &path, const QString &current, const QString &target);

// Sets refs/heads/<branch> to `newId` only if it is at `expectedOld` now (empty: only if the
// branch does not exist). `newId` empty deletes the branch (same condition).
[[nodiscard]] Result<void> updateBranch(const QString &path, const QString &branch, const QString &expectedOld,
                                        const QString &newId);

// A merge commit of `theirs` into `ours` (tree from libgit2's merge, no working tree touched);
// refused with the conflicting paths when the trees conflict. Moves no reference.
[[nodiscard]] Result<QString> createMergeCommit(const QString &path, const QString &ours, const QString &theirs,
                                                const Signature &author, const QString &message);

// The commit tag `name` names (annotated tags peeled), nullopt when there is no such tag.
[[nodiscard]] Result<std::optional<QString>> tagCommit(const QString &path, const QString &name);
// The object a reference points at directly (an annotated tag's tag object, not its commit),
// nullopt when the reference does not exist.
[[nodiscard]] Result<std::optional<QString>> referenceId(const QString &path, const QString &ref);
// Every tag whose name starts with `prefix` → the commit it names.
[[nodiscard]] Result<QMap<QString, QString>> tagsWithPrefix(const QString &path, const QString &prefix);
// Deletes tag `name` if it still names `expectedCommit`.
[[nodiscard]] Result<void> deleteTag(const QString &path, const QString &name, const QString &expectedCommit);

// The URL of remote `remote` ("origin"), nullopt when the repository has no such remote.
[[nodiscard]] Result<std::optional<QString>> remoteUrl(const QString &path, const QString &remote);

// The remote's references (full names → object ids; annotated tags as the tag object id, as
// `git ls-remote` shows them), read over the network now.
[[nodiscard]] Result<QMap<QString, QString>> remoteReferences(const QString &path, const QString &remote);

// One reference a push changes: `ref` is a full name (refs/heads/env/qa, refs/tags/qa-v1);
// `expectedOld` is what the remote must have now (empty: must not have it); `newId` what it
// gets (empty: delete it). The object must exist locally.
struct RefUpdate
{
    QString ref;
    QString expectedOld;
    QString newId;
};

// Pushes every update in one push, with a lease: libgit2 tells us what the remote has before
// it sends anything, and the push is abandoned — nothing changed — when any reference is not
// at `expectedOld`. The error then names the reference and what it is at.
[[nodiscard]] Result<void> pushWithLease(const QString &path, const QString &remote, const QList<RefUpdate> &updates);

} // namespace rd::git
