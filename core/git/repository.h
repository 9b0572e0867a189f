// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commitinfo.h"
#include "util/error.h"

#include <QMap>
#include <QString>
#include <memory>
#include <optional>

struct git_repository;

namespace rd::git {

// A git repository on disk. Move-only: the libgit2 handle belongs to one object, used from one
// thread at a time. Every method returns plain values; nothing libgit2 leaks out.
class Repository
{
public:
    [[nodiscard]] static Result<Repository> open(const QString &path);
    // A new non-bare repository whose first branch is `initialBranch`.
    [[nodiscard]] static Result<Repository> init(const QString &path, const QString &initialBranch = QStringLiteral("main"));

    Repository(Repository &&) noexcept;
    Repository &operator=(Repository &&) noexcept;
    ~Repository();

    QString path() const;

    // The commit a revision names (branch, tag, id, "HEAD~2", …), as a 40-hex id.
    [[nodiscard]] Result<QString> resolveCommit(const QString &revision) const;
    // The commit at the tip of local branch `branch` (refs/heads/<branch>).
    [[nodiscard]] Result<QString> branchTip(const QString &branch) const;
    [[nodiscard]] Result<CommitInfo> commit(const QString &id) const;

    // Commits on top of HEAD (or as the first commit) HEAD's tree with `changes` applied:
    // path → new content, or nullopt to delete. Updates HEAD's branch and the index, not the
    // working tree (see checkoutHead). Returns the new commit id.
    [[nodiscard]] Result<QString> commitFiles(const QMap<QString, std::optional<QByteArray>> &changes,
                                              const Signature &author, const QString &message);
    // Creates or moves local branch `name` to `commitId`.
    [[nodiscard]] Result<void> setBranch(const QString &name, const QString &commitId);
    // Creates an annotated tag (or moves it when `force`).
    [[nodiscard]] Result<void> createTag(const QString &name, const QString &commitId, const Signature &tagger,
                                         const QString &message);
    // Makes the working tree match HEAD.
    [[nodiscard]] Result<void> checkoutHead();

private:
    struct Handle;
    explicit Repository(std::unique_ptr<Handle> handle);
    std::unique_ptr<Handle> m_handle;
};

} // namespace rd::git
