// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to core/git: owning handles for libgit2 objects and error capture. No other folder
// includes this header or calls libgit2.

#include "commitinfo.h"
#include "util/error.h"

#include <git2.h>
#include <memory>

namespace rd::git::detail {

template<typename T, void (*Free)(T *)>
struct Deleter
{
    void operator()(T *p) const { Free(p); }
};

// Move-only owners, so a handle is never silently shared between threads.
using RepositoryPtr = std::unique_ptr<git_repository, Deleter<git_repository, git_repository_free>>;
using CommitPtr = std::unique_ptr<git_commit, Deleter<git_commit, git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, Deleter<git_tree, git_tree_free>>;
using IndexPtr = std::unique_ptr<git_index, Deleter<git_index, git_index_free>>;
using ReferencePtr = std::unique_ptr<git_reference, Deleter<git_reference, git_reference_free>>;
using SignaturePtr = std::unique_ptr<git_signature, Deleter<git_signature, git_signature_free>>;
using ObjectPtr = std::unique_ptr<git_object, Deleter<git_object, git_object_free>>;
using RevwalkPtr = std::unique_ptr<git_revwalk, Deleter<git_revwalk, git_revwalk_free>>;
using TreeEntryPtr = std::unique_ptr<git_tree_entry, Deleter<git_tree_entry, git_tree_entry_free>>;
using DiffPtr = std::unique_ptr<git_diff, Deleter<git_diff, git_diff_free>>;
using PatchPtr = std::unique_ptr<git_patch, Deleter<git_patch, git_patch_free>>;
using OdbPtr = std::unique_ptr<git_odb, Deleter<git_odb, git_odb_free>>;
using BlobPtr = std::unique_ptr<git_blob, Deleter<git_blob, git_blob_free>>;
using RemotePtr = std::unique_ptr<git_remote, Deleter<git_remote, git_remote_free>>;

// libgit2 is initialised once per process and never shut down (shutting down while another
// thread still holds handles is undefined).
void ensureInitialised();

// Turns libgit2's thread-local last error into an rd::Error. Call it on the failing thread,
// right after the failing call: `what` says what we were doing ("cannot open repository X").
Error lastError(int code, const QString &what);

QString oidToString(const git_oid &oid);

// The object `revision` names (branch, tag, id, "HEAD~2", …) peeled to `type` (a commit or
// its tree), with an error that names the revision.
Result<ObjectPtr> peelRevision(git_repository *repo, const QString &revision, git_object_t type);

// A commit as people read it: id, author, time with its offset, subject and body.
CommitInfo toCommitInfo(const git_commit *commit);

} // namespace rd::git::detail
