// SPDX-License-Identifier: GPL-3.0-or-later
#include "changelog.h"

#include "libgit2.h"

#include <QDir>
#include <QFile>

using namespace Qt::StringLiterals;

namespace rd::git {

using namespace detail;

namespace {

Result<git_oid> resolve(git_repository *repo, const QString &revision)
{
    auto commit = peelRevision(repo, revision, GIT_OBJECT_COMMIT);
    if (!commit)
        return std::unexpected(commit.error());
    return *git_object_id(commit->get());
}

// The ids of what `paths` hold in the commit's tree (a null id where a path does not exist):
// two commits differ under the paths exactly when these differ.
QList<QByteArray> pathState(const git_commit *commit, const QList<QByteArray> &paths)
{
    QList<QByteArray> state;
    git_tree *rawTree = nullptr;
    if (git_commit_tree(&rawTree, commit) < 0)
        return state;
    TreePtr tree(rawTree);
    for (const QByteArray &path : paths) {
        git_tree_entry *rawEntry = nullptr;
        if (git_tree_entry_bypath(&rawEntry, tree.get(), path.constData()) == 0) {
            TreeEntryPtr entry(rawEntry);
            state.append(QByteArray(reinterpret_cast<const char *>(git_tree_entry_id(entry.get())->id), GIT_OID_SHA1_SIZE)
                         + QByteArray::number(git_tree_entry_filemode(entry.get())));
        } else {
            state.append(QByteArray());
        }
    }
    return state;
}

bool touchesPaths(const git_commit *commit, const QList<QByteArray> &paths)
{
    if (paths.isEmpty())
        return true;
    const QList<QByteArray> mine = pathState(commit, paths);
    const unsigned parents = git_commit_parentcount(commit);
    if (parents == 0)
        return std::any_of(mine.begin(), mine.end(), [](const QByteArray &id) { return !id.isEmpty(); });
    for (unsigned i = 0; i < parents; ++i) {
        git_commit *rawParent = nullptr;
        if (git_commit_parent(&rawParent, commit, i) < 0)
            return true;
        CommitPtr parent(rawParent);
        if (pathState(parent.get(), paths) == mine)
            return false; // the same as one parent: nothing new under the paths
    }
    return true;
}

ChangelogEntry toEntry(const git_commit *commit)
{
    ChangelogEntry entry;
    entry.commit = toCommitInfo(commit);
    for (unsigned i = 0; i < git_commit_parentcount(commit); ++i)
        entry.parents.append(oidToString(*git_commit_parent_id(commit, i)));
    git_message_trailer_array trailers = {};
    if (git_message_trailers(&trailers, git_commit_message(commit)) == 0) {
        for (size_t i = 0; i < trailers.count; ++i)
            entry.trailers.append({QString::fromUtf8(trailers.trailers[i].key), QString::fromUtf8(trailers.trailers[i].value)});
        git_message_trailer_array_free(&trailers);
    }
    return entry;
}

Result<QList<ChangelogEntry>> walk(git_repository *repo, const git_oid &include, const git_oid &exclude,
                                   const ChangelogOptions &options)
{
    git_revwalk *rawWalk = nullptr;
    if (const int rc = git_revwalk_new(&rawWalk, repo); rc < 0)
        return std::unexpected(lastError(rc, u"cannot walk the history"_s));
    RevwalkPtr walker(rawWalk);
    git_revwalk_sorting(walker.get(), GIT_SORT_TIME);
    if (const int rc = git_revwalk_push(walker.get(), &include); rc < 0)
        return std::unexpected(lastError(rc, u"cannot walk from %1"_s.arg(oidToString(include).left(12))));
    if (const int rc = git_revwalk_hide(walker.get(), &exclude); rc < 0)
        return std::unexpected(lastError(rc, u"cannot exclude %1"_s.arg(oidToString(exclude).left(12))));

    QList<QByteArray> paths;
    for (const QString &path : options.paths) {
        const QString clean = QDir::cleanPath(path);
        if (!clean.isEmpty() && clean != u"."_s)
            paths.append(clean.toUtf8());
    }
    QList<ChangelogEntry> entries;
    git_oid id;
    int rc = 0;
    while ((rc = git_revwalk_next(&id, walker.get())) == 0) {
        git_commit *rawCommit = nullptr;
        if (const int lookup = git_commit_lookup(&rawCommit, repo, &id); lookup < 0)
            return std::unexpected(lastError(lookup, u"cannot read commit %1"_s.arg(oidToString(id).left(12))));
        CommitPtr commit(rawCommit);
        if (!touchesPaths(commit.get(), paths))
            continue;
        entries.append(toEntry(commit.get()));
        if (options.limit > 0 && entries.size() >= options.limit)
            break;
    }
    if (rc < 0 && rc != GIT_ITEROVER)
        return std::unexpected(lastError(rc, u"cannot walk the history"_s));
    return entries;
}

Result<RepositoryPtr> openRepository(const QString &path)
{
    ensureInitialised();
    git_repository *raw = nullptr;
    if (const int rc = git_repository_open_ext(&raw, QFile::encodeName(path).constData(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr); rc < 0)
        return std::unexpected(lastError(rc, u"cannot open git repository %1"_s.arg(path)));
    return RepositoryPtr(raw);
}

} // namespace

Result<QList<ChangelogEntry>> changelog(const QString &repositoryPath, const QString &include, const QString &exclude,
                                        const ChangelogOptions &options)
{
    auto repo = openRepository(repositoryPath);
    if (!repo)
        return std::unexpected(repo.error());
    auto in = resolve(repo->get(), include);
    if (!in)
        return std::unexpected(in.error());
    auto out = resolve(repo->get(), exclude);
    if (!out)
        return std::unexpected(out.error());
    return walk(repo->get(), *in, *out, options);
}

Result<ChangelogComparison> compareHistories(const QString &repositoryPath, const QString &src, const QString &dst,
                                             const ChangelogOptions &options)
{
    auto repo = openRepository(repositoryPath);
    if (!repo)
        return std::unexpected(repo.error());
    auto s = resolve(repo->get(), src);
    if (!s)
        return std::unexpected(s.error());
    auto d = resolve(repo->get(), dst);
    if (!d)
        return std::unexpected(d.error());
    ChangelogComparison comparison;
    auto ahead = walk(repo->get(), *s, *d, options);
    if (!ahead)
        return std::unexpected(ahead.error());
    auto behind = walk(repo->get(), *d, *s, options);
    if (!behind)
        return std::unexpected(behind.error());
    comparison.ahead = std::move(*ahead);
    comparison.behind = std::move(*behind);
    return comparison;
}

} // namespace rd::git
