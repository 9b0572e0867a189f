// SPDX-License-Identifier: GPL-3.0-or-later
#include "repository.h"

#include "libgit2.h"

#include <QDir>

using namespace Qt::StringLiterals;

namespace rd::git {

using namespace detail;

struct Repository::Handle
{
    RepositoryPtr repo;
};

namespace {

Result<SignaturePtr> makeSignature(const Signature &s)
{
    git_signature *raw = nullptr;
    const QByteArray name = s.name.toUtf8();
    const QByteArray email = s.email.toUtf8();
    const int offsetMinutes = s.time.offsetFromUtc() / 60;
    if (const int rc = git_signature_new(&raw, name.constData(), email.constData(), s.time.toSecsSinceEpoch(), offsetMinutes); rc < 0)
        return std::unexpected(lastError(rc, u"invalid signature '%1 <%2>'"_s.arg(s.name, s.email)));
    return SignaturePtr(raw);
}

Result<git_oid> parseOid(const QString &id)
{
    git_oid oid;
    const QByteArray hex = id.toLatin1();
    if (hex.size() != GIT_OID_SHA1_HEXSIZE || git_oid_fromstrn(&oid, hex.constData(), size_t(hex.size())) < 0)
        return fail(Error::Domain::Git, u"'%1' is not a commit id"_s.arg(id.left(80)));
    return oid;
}

} // namespace

Repository::Repository(std::unique_ptr<Handle> handle)
    : m_handle(std::move(handle))
{
}
Repository::Repository(Repository &&) noexcept = default;
Repository &Repository::operator=(Repository &&) noexcept = default;
Repository::~Repository() = default;

Result<Repository> Repository::open(const QString &path)
{
    ensureInitialised();
    git_repository *raw = nullptr;
    // No search upwards: a workspace names its repository exactly.
    if (const int rc = git_repository_open_ext(&raw, QFile::encodeName(path).constData(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr); rc < 0)
        return std::unexpected(lastError(rc, u"cannot open git repository %1"_s.arg(path)));
    return Repository(std::make_unique<Handle>(RepositoryPtr(raw)));
}

Result<Repository> Repository::init(const QString &path, const QString &initialBranch)
{
    ensureInitialised();
    git_repository_init_options options = GIT_REPOSITORY_INIT_OPTIONS_INIT;
    options.flags = GIT_REPOSITORY_INIT_MKPATH;
    const QByteArray head = initialBranch.toUtf8();
    options.initial_head = head.constData();
    git_repository *raw = nullptr;
    if (const int rc = git_repository_init_ext(&raw, QFile::encodeName(path).constData(), &options); rc < 0)
        return std::unexpected(lastError(rc, u"cannot create git repository %1"_s.arg(path)));
    return Repository(std::make_unique<Handle>(RepositoryPtr(raw)));
}

QString Repository::path() const
{
    const char *workdir = git_repository_workdir(m_handle->repo.get());
    return QFile::decodeName(workdir ? workdir : git_repository_path(m_handle->repo.get()));
}

Result<QString> Repository::resolveCommit(const QString &revision) const
{
    auto commit = peelRevision(m_handle->repo.get(), revision, GIT_OBJECT_COMMIT);
    if (!commit)
        return fail(Error::Domain::Git, commit.error().message + u" in "_s + path());
    return oidToString(*git_object_id(commit->get()));
}

Result<QString> Repository::branchTip(const QString &branch) const
{
    git_reference *raw = nullptr;
    const QByteArray name = branch.toUtf8();
    if (const int rc = git_branch_lookup(&raw, m_handle->repo.get(), name.constData(), GIT_BRANCH_LOCAL); rc < 0)
        return std::unexpected(lastError(rc, u"branch '%1' does not exist in %2"_s.arg(branch, path())));
    ReferencePtr ref(raw);
    git_object *peeled = nullptr;
    if (const int rc = git_reference_peel(&peeled, ref.get(), GIT_OBJECT_COMMIT); rc < 0)
        return std::unexpected(lastError(rc, u"branch '%1' in %2 does not point at a commit"_s.arg(branch, path())));
    ObjectPtr commit(peeled);
    return oidToString(*git_object_id(commit.get()));
}

Result<CommitInfo> Repository::commit(const QString &id) const
{
    auto oid = parseOid(id);
    if (!oid)
        return std::unexpected(oid.error());
    git_commit *raw = nullptr;
    if (const int rc = git_commit_lookup(&raw, m_handle->repo.get(), &*oid); rc < 0)
        return std::unexpected(lastError(rc, u"commit %1 is not in %2"_s.arg(id.left(12), path())));
    CommitPtr commit(raw);
    return toCommitInfo(commit.get());
}

Result<QString> Repository::commitFiles(const QMap<QString, std::optional<QByteArray>> &changes,
                                        const Signature &author, const QString &message)
{
    git_repository *repo = m_handle->repo.get();
    git_index *rawIndex = nullptr;
    if (const int rc = git_repository_index(&rawIndex, repo); rc < 0)
        return std::unexpected(lastError(rc, u"cannot read the index of %1"_s.arg(path())));
    IndexPtr index(rawIndex);

    for (auto it = changes.begin(); it != changes.end(); ++it) {
        const QByteArray file = it.key().toUtf8();
        int rc = 0;
        if (it.value()) {
            git_index_entry entry = {};
            entry.mode = GIT_FILEMODE_BLOB;
            entry.path = file.constData();
            rc = git_index_add_from_buffer(index.get(), &entry, it.value()->constData(), size_t(it.value()->size()));
        } else {
            rc = git_index_remove_bypath(index.get(), file.constData());
        }
        if (rc < 0)
            return std::unexpected(lastError(rc, u"cannot stage %1"_s.arg(it.key())));
    }
    git_oid treeId;
    if (const int rc = git_index_write_tree(&treeId, index.get()); rc < 0)
        return std::unexpected(lastError(rc, u"cannot write a tree in %1"_s.arg(path())));
    if (const int rc = git_index_write(index.get()); rc < 0)
        return std::unexpected(lastError(rc, u"cannot write the index of %1"_s.arg(path())));
    git_tree *rawTree = nullptr;
    if (const int rc = git_tree_lookup(&rawTree, repo, &treeId); rc < 0)
        return std::unexpected(lastError(rc, u"cannot read the new tree"_s));
    TreePtr tree(rawTree);

    CommitPtr parent;
    git_oid headId;
    if (git_reference_name_to_id(&headId, repo, "HEAD") == 0) {
        git_commit *rawParent = nullptr;
        if (const int rc = git_commit_lookup(&rawParent, repo, &headId); rc < 0)
            return std::unexpected(lastError(rc, u"cannot read HEAD of %1"_s.arg(path())));
        parent.reset(rawParent);
    }
    auto signature = makeSignature(author);
    if (!signature)
        return std::unexpected(signature.error());
    const git_commit *parents[] = {parent.get()};
    git_oid commitId;
    const QByteArray text = message.toUtf8();
    if (const int rc = git_commit_create(&commitId, repo, "HEAD", signature->get(), signature->get(), "UTF-8",
                                         text.constData(), tree.get(), parent ? 1 : 0, parents);
        rc < 0)
        return std::unexpected(lastError(rc, u"cannot commit in %1"_s.arg(path())));
    return oidToString(commitId);
}

Result<void> Repository::setBranch(const QString &name, const QString &commitId)
{
    auto oid = parseOid(commitId);
    if (!oid)
        return std::unexpected(oid.error());
    git_commit *rawCommit = nullptr;
    if (const int rc = git_commit_lookup(&rawCommit, m_handle->repo.get(), &*oid); rc < 0)
        return std::unexpected(lastError(rc, u"commit %1 is not in %2"_s.arg(commitId.left(12), path())));
    CommitPtr commit(rawCommit);
    git_reference *raw = nullptr;
    const QByteArray branch = name.toUtf8();
    if (const int rc = git_branch_create(&raw, m_handle->repo.get(), branch.constData(), commit.get(), /*force*/ 1); rc < 0)
        return std::unexpected(lastError(rc, u"cannot set branch '%1'"_s.arg(name)));
    ReferencePtr ref(raw);
    return {};
}

Result<void> Repository::createTag(const QString &name, const QString &commitId, const Signature &tagger,
                                   const QString &message)
{
    auto oid = parseOid(commitId);
    if (!oid)
        return std::unexpected(oid.error());
    git_object *raw = nullptr;
    if (const int rc = git_object_lookup(&raw, m_handle->repo.get(), &*oid, GIT_OBJECT_COMMIT); rc < 0)
        return std::unexpected(lastError(rc, u"commit %1 is not in %2"_s.arg(commitId.left(12), path())));
    ObjectPtr target(raw);
    auto signature = makeSignature(tagger);
    if (!signature)
        return std::unexpected(signature.error());
    git_oid tagId;
    const QByteArray tagName = name.toUtf8();
    const QByteArray text = message.toUtf8();
    if (const int rc = git_tag_create(&tagId, m_handle->repo.get(), tagName.constData(), target.get(), signature->get(),
                                      text.constData(), /*force*/ 0);
        rc < 0)
        return std::unexpected(lastError(rc, u"cannot create tag '%1'"_s.arg(name)));
    return {};
}

Result<void> Repository::checkoutHead()
{
    git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
    options.checkout_strategy = GIT_CHECKOUT_FORCE;
    if (const int rc = git_checkout_head(m_handle->repo.get(), &options); rc < 0)
        return std::unexpected(lastError(rc, u"cannot check out HEAD in %1"_s.arg(path())));
    return {};
}

} // namespace rd::git
