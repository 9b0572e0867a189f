// SPDX-License-Identifier: GPL-3.0-or-later
#include "libgit2.h"

#include <QTimeZone>
#include <mutex>

using namespace Qt::StringLiterals;

namespace rd::git::detail {

void ensureInitialised()
{
    static std::once_flag once;
    std::call_once(once, [] {
        git_libgit2_init();
        // libgit2 reads pack files through mmap'd windows, and every page touched stays resident
        // while its window is mapped (by default windows of 1 GiB, up to 8 GiB mapped). A big
        // diff touches most of a pack, so its whole size would add to the peak memory. Windows
        // of 1 MiB, at most 4 MiB mapped at once, bound that; mapping a window again is cheap
        // next to inflating what it holds.
        git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, size_t(1) << 20);
        git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, size_t(4) << 20);
    });
}

Error lastError(int code, const QString &what)
{
    const git_error *error = git_error_last();
    QString detail = error && error->message ? QString::fromUtf8(error->message).trimmed() : QString();
    if (detail.endsWith(u'.'))
        detail.chop(1);
    return Error{Error::Domain::Git, detail.isEmpty() ? what : what + u": "_s + detail, {}, code};
}

QString oidToString(const git_oid &oid)
{
    char buffer[GIT_OID_MAX_HEXSIZE + 1] = {};
    git_oid_tostr(buffer, sizeof buffer, &oid);
    return QString::fromLatin1(buffer);
}

Result<ObjectPtr> peelRevision(git_repository *repo, const QString &revision, git_object_t type)
{
    git_object *raw = nullptr;
    const QByteArray spec = revision.toUtf8();
    if (const int rc = git_revparse_single(&raw, repo, spec.constData()); rc < 0)
        return std::unexpected(lastError(rc, u"cannot find commit '%1'"_s.arg(revision.left(80))));
    ObjectPtr object(raw);
    git_object *peeled = nullptr;
    if (const int rc = git_object_peel(&peeled, object.get(), type); rc < 0)
        return std::unexpected(lastError(rc, u"'%1' does not name a commit"_s.arg(revision.left(80))));
    return ObjectPtr(peeled);
}

CommitInfo toCommitInfo(const git_commit *commit)
{
    // libgit2 caches the summary inside the commit object, hence its non-const parameter.
    auto *mutableCommit = const_cast<git_commit *>(commit);
    CommitInfo info;
    info.id = oidToString(*git_commit_id(commit));
    const git_signature *author = git_commit_author(commit);
    info.author = QString::fromUtf8(author->name);
    info.email = QString::fromUtf8(author->email);
    info.time = QDateTime::fromSecsSinceEpoch(author->when.time, QTimeZone::fromSecondsAheadOfUtc(author->when.offset * 60));
    info.subject = QString::fromUtf8(git_commit_summary(mutableCommit));
    if (const char *body = git_commit_body(mutableCommit))
        info.body = QString::fromUtf8(body).trimmed();
    return info;
}

} // namespace rd::git::detail
