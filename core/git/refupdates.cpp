// SPDX-License-Identifier: GPL-3.0-or-later
#include "refupdates.h"

#include "libgit2.h"

#include <QFile>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace rd::git {

using namespace detail;

namespace {

// A remote answering with more references than this is not one a workspace promotes into.
constexpr size_t MaxRemoteReferences = 200'000;

struct StrArray
{
    git_strarray array{};
    StrArray() = default;
    StrArray(const StrArray &) = delete;
    StrArray &operator=(const StrArray &) = delete;
    ~StrArray() { git_strarray_dispose(&array); }
};

Result<RepositoryPtr> openRepository(const QString &path)
{
    ensureInitialised();
    git_repository *raw = nullptr;
    if (const int rc = git_repository_open_ext(&raw, QFile::encodeName(path).constData(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr); rc < 0)
        return std::unexpected(lastError(rc, u"cannot open git repository %1"_s.arg(path)));
    return RepositoryPtr(raw);
}

Result<git_oid> parseId(const QString &id)
{
    git_oid oid;
    const QByteArray hex = id.toLatin1();
    if (hex.size() != GIT_OID_SHA1_HEXSIZE || git_oid_fromstrn(&oid, hex.constData(), size_t(hex.size())) < 0)
        return fail(Error::Domain::Git, u"'%1' is not a commit id"_s.arg(id.left(80)));
    return oid;
}

Result<CommitPtr> lookupCommit(git_repository *repo, const QString &id)
{
    auto oid = parseId(id);
    if (!oid)
        return std::unexpected(oid.error());
    git_commit *raw = nullptr;
    if (const int rc = git_commit_lookup(&raw, repo, &*oid); rc < 0)
        return std::unexpected(lastError(rc, u"commit %1 is not in the repository"_s.arg(id.left(12))));
    return CommitPtr(raw);
}

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

// The commit a reference ends at (tags peeled), or nullopt when it does not exist.
Result<std::optional<QString>> referenceCommit(git_repository *repo, const QByteArray &name)
{
    git_reference *raw = nullptr;
    if (const int rc = git_reference_lookup(&raw, repo, name.constData()); rc == GIT_ENOTFOUND)
        return std::optional<QString>();
    else if (rc < 0)
        return std::unexpected(lastError(rc, u"cannot read %1"_s.arg(QString::fromUtf8(name))));
    ReferencePtr ref(raw);
    git_object *peeled = nullptr;
    if (const int rc = git_reference_peel(&peeled, ref.get(), GIT_OBJECT_COMMIT); rc < 0)
        return std::unexpected(lastError(rc, u"%1 does not name a commit"_s.arg(QString::fromUtf8(name))));
    ObjectPtr object(peeled);
    return std::optional<QString>(oidToString(*git_object_id(object.get())));
}

int credentialsFromAgent(git_credential **out, const char *, const char *userFromUrl, unsigned int allowed, void *)
{
    if (allowed & GIT_CREDENTIAL_SSH_KEY)
        return git_credential_ssh_key_from_agent(out, userFromUrl ? userFromUrl : "git");
    return GIT_PASSTHROUGH;
}

Result<RemotePtr> lookupRemote(git_repository *repo, const QString &remote)
{
    git_remote *raw = nullptr;
    const QByteArray name = remote.toUtf8();
    if (const int rc = git_remote_lookup(&raw, repo, name.constData()); rc < 0)
        return std::unexpected(lastError(rc, u"the repository has no remote '%1'"_s.arg(remote)));
    return RemotePtr(raw);
}

} // namespace

Result<BranchMove> classifyBranchMove(const QString &path, const QString &current, const QString &target)
{
    if (current == target)
        return BranchMove::UpToDate;
    auto repo = openRepository(path);
    if (!repo)
        return std::unexpected(repo.error());
    auto from = parseId(current);
    auto to = parseId(target);
    if (!from || !to)
        return std::unexpected(!from ? from.error() : to.error());
    const int forward = git_graph_descendant_of(repo->get(), &*to, &*from);
    if (forward < 0)
        return std::unexpected(lastError(forward, u"cannot compare commits %1 and %2"_s.arg(current.left(12), target.left(12))));
    if (forward == 1)
        return BranchMove::FastForward;
    const int backward = git_graph_descendant_of(repo->get(), &*from, &*to);
    if (backward < 0)
        return std::unexpected(lastError(backward, u"cannot compare commits %1 and %2"_s.arg(current.left(12), target.left(12))));
    return backward == 1 ? BranchMove::Backward : BranchMove::Diverged;
}

Result<void> updateBranch(const QString &path, const QString &branch, const QString &expectedOld, const QString &newId)
{
    auto repo = openRepository(path);
    if (!repo)
        return std::unexpected(repo.error());
    const QByteArray name = (u"refs/heads/"_s + branch).toUtf8();
    auto now = referenceCommit(repo->get(), name);
    if (!now)
        return std::unexpected(now.error());
    if (now->value_or(QString()) != expectedOld)
        return fail(Error::Domain::Git,
                    u"branch '%1' is at %2, not at %3 as when the plan was made"_s.arg(
                        branch, now->value_or(u"nothing (it does not exist)"_s).left(12),
                        expectedOld.isEmpty() ? u"nothing"_s : expectedOld.left(12)));
    if (newId.isEmpty()) {
        if (!now->has_value())
            return {};
        git_reference *raw = nullptr;
        if (const int rc = git_reference_lookup(&raw, repo->get(), name.constData()); rc < 0)
            return std::unexpected(lastError(rc, u"cannot read branch '%1'"_s.arg(branch)));
        ReferencePtr ref(raw);
        if (const int rc = git_reference_delete(ref.get()); rc < 0)
            return std::unexpected(lastError(rc, u"cannot delete branch '%1'"_s.arg(branch)));
        return {};
    }
    auto commit = lookupCommit(repo->get(), newId);
    if (!commit)
        return std::unexpected(commit.error());
    const git_oid *target = git_commit_id(commit->get());
    git_reference *raw = nullptr;
    const QByteArray log = "releasedeck: promotion";
    int rc = 0;
    if (expectedOld.isEmpty()) {
        rc = git_reference_create(&raw, repo->get(), name.constData(), target, /*force*/ 0, log.constData());
    } else {
        // Compare-and-swap: libgit2 refuses when the branch moved since we read it just above.
        auto old = parseId(expectedOld);
        if (!old)
            return std::unexpected(old.error());
        rc = git_reference_create_matching(&raw, repo->get(), name.constData(), target, /*force*/ 1, &*old, log.constData());
    }
    if (rc < 0)
        return std::unexpected(lastError(rc, u"cannot move branch '%1' to %2"_s.arg(branch, newId.left(12))));
    ReferencePtr ref(raw);
    return {};
}

Result<QString> createMergeCommit(const QString &path, const QString &ours, const QString &theirs,
                                  const Signature &author, const QString &message)
{
    auto repo = openRepository(path);
    if (!repo)
        return std::unexpected(repo.error());
    auto ourCommit = lookupCommit(repo->get(), ours);
    if (!ourCommit)
        return std::unexpected(ourCommit.error());
    auto theirCommit = lookupCommit(repo->get(), theirs);
    if (!theirCommit)
        return std::unexpected(theirCommit.error());
    git_merge_options options = GIT_MERGE_OPTIONS_INIT;
    git_index *rawIndex = nullptr;
    if (const int rc = git_merge_commits(&rawIndex, repo->get(), ourCommit->get(), theirCommit->get(), &options); rc < 0)
        return std::unexpected(lastError(rc, u"cannot merge %1 into %2"_s.arg(theirs.left(12), ours.left(12))));
    IndexPtr index(rawIndex);
    if (git_index_has_conflicts(index.get())) {
        QStringList paths;
        const size_t count = git_index_entrycount(index.get());
        for (size_t i = 0; i < count && paths.size() < 10; ++i) {
            const git_index_entry *entry = git_index_get_byindex(index.get(), i);
            const QString file = QString::fromUtf8(entry->path);
            if (GIT_INDEX_ENTRY_STAGE(entry) > 0 && !paths.contains(file))
                paths.append(file);
        }
        return fail(Error::Domain::Git, u"merging %1 into %2 conflicts in %3"_s.arg(theirs.left(12), ours.left(12), paths.join(u", "_s)));
    }
    git_oid treeId;
    if (const int rc = git_index_write_tree_to(&treeId, index.get(), repo->get()); rc < 0)
        return std::unexpected(lastError(rc, u"cannot write the merged tree"_s));
    git_tree *rawTree = nullptr;
    if (const int rc = git_tree_lookup(&rawTree, repo->get(), &treeId); rc < 0)
        return std::unexpected(lastError(rc, u"cannot read the merged tree"_s));
    TreePtr tree(rawTree);
    auto signature = makeSignature(author);
    if (!signature)
        return std::unexpected(signature.error());
    const git_commit *parents[] = {ourCommit->get(), theirCommit->get()};
    git_oid commitId;
    const QByteArray text = message.toUtf8();
    if (const int rc = git_commit_create(&commitId, repo->get(), nullptr, signature->get(), signature->get(), "UTF-8",
                                         text.constData(), tree.get(), 2, parents);
        rc < 0)
        return std::unexpected(lastError(rc, u"cannot create the merge commit"_s));
    return oidToString(commitId);
}

Result<std::optional<QString>> tagCommit(const QString &path, const QString &name)
{
    auto repo = openRepository(path);
    if (!repo)
        return std::unexpected(repo.error());
    return referenceCommit(repo->get(), (u"refs/tags/"_s + name).toUtf8());
}

Result<std::optional<QString>> referenceId(const QString &path, const QString &ref)
{
    auto repo = openRepository(path);
    if (!repo)
        return std::unexpected(repo.error());
    git_oid oid;
    const QByteArray name = ref.toUtf8();
    if (const int rc = git_reference_name_to_id(&oid, repo->get(), name.constData()); rc == GIT_ENOTFOUND)
        return std::optional<QString>();
    else if (rc < 0)
        return std::unexpected(lastError(rc, u"cannot read %1"_s.arg(ref)));
    return std::optional<QString>(oidToString(oid));
}

Result<QMap<QString, QString>> tagsWithPrefix(const QString &path, const QString &prefix)
{
    auto repo = openRepository(path);
    if (!repo)
        return std::unexpected(repo.error());
    StrArray names;
    const QByteArray pattern = (prefix + u'*').toUtf8();
    if (const int rc = git_tag_list_match(&names.array, pattern.constData(), repo->get()); rc < 0)
        return std::unexpected(lastError(rc, u"cannot list the tags of %1"_s.arg(path)));
    QMap<QString, QString> tags;
    for (size_t i = 0; i < names.array.count; ++i) {
        const QString tag = QString::fromUtf8(names.array.strings[i]);
        if (!tag.startsWith(prefix))
            continue;
        auto commit = referenceCommit(repo->get(), (u"refs/tags/"_s + tag).toUtf8());
        if (commit && commit->has_value())
            tags.insert(tag, **commit);
    }
    return tags;
}

Result<void> deleteTag(const QString &path, const QString &name, const QString &expectedCommit)
{
    auto repo = openRepository(path);
    if (!repo)
        return std::unexpected(repo.error());
    auto now = referenceCommit(repo->get(), (u"refs/tags/"_s + name).toUtf8());
    if (!now)
        return std::unexpected(now.error());
    if (!now->has_value())
        return {};
    if (**now != expectedCommit)
        return fail(Error::Domain::Git, u"tag '%1' names %2, not %3; it was left alone"_s.arg(name, (**now).left(12), expectedCommit.left(12)));
    const QByteArray tag = name.toUtf8();
    if (const int rc = git_tag_delete(repo->get(), tag.constData()); rc < 0)
        return std::unexpected(lastError(rc, u"cannot delete tag '%1'"_s.arg(name)));
    return {};
}

Result<std::optional<QString>> remoteUrl(const QString &path, const QString &remote)
{
    auto repo = openRepository(path);
    if (!repo)
        return std::unexpected(repo.error());
    git_remote *raw = nullptr;
    const QByteArray name = remote.toUtf8();
    if (const int rc = git_remote_lookup(&raw, repo->get(), name.constData()); rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
        return std::optional<QString>();
    else if (rc < 0)
        return std::unexpected(lastError(rc, u"cannot read remote '%1' of %2"_s.arg(remote, path)));
    RemotePtr handle(raw);
    const char *url = git_remote_url(handle.get());
    return std::optional<QString>(QString::fromUtf8(url ? url : ""));
}

Result<QMap<QString, QString>> remoteReferences(const QString &path, const QString &remote)
{
    auto repo = openRepository(path);
    if (!repo)
        return std::unexpected(repo.error());
    auto handle = lookupRemote(repo->get(), remote);
    if (!handle)
        return std::unexpected(handle.error());
    git_remote_callbacks callbacks = GIT_REMOTE_CALLBACKS_INIT;
    callbacks.credentials = credentialsFromAgent;
    if (const int rc = git_remote_connect(handle->get(), GIT_DIRECTION_FETCH, &callbacks, nullptr, nullptr); rc < 0)
        return std::unexpected(lastError(rc, u"cannot reach remote '%1'"_s.arg(remote)));
    const git_remote_head **heads = nullptr;
    size_t count = 0;
    if (const int rc = git_remote_ls(&heads, &count, handle->get()); rc < 0)
        return std::unexpected(lastError(rc, u"cannot list the references of remote '%1'"_s.arg(remote)));
    if (count > MaxRemoteReferences)
        return fail(Error::Domain::Git, u"remote '%1' lists %2 references, more than the %3 ReleaseDeck reads"_s.arg(remote).arg(count).arg(MaxRemoteReferences));
    QMap<QString, QString> refs;
    for (size_t i = 0; i < count; ++i)
        refs.insert(QString::fromUtf8(heads[i]->name), oidToString(heads[i]->oid));
    git_remote_disconnect(handle->get());
    return refs;
}

namespace {

struct PushState
{
    const QList<RefUpdate> *updates = nullptr;
    QString leaseBroken;     // why the push was abandoned before sending anything
    QStringList rejected;    // references the remote refused
};

int checkLease(const git_push_update **updates, size_t count, void *payload)
{
    auto *state = static_cast<PushState *>(payload);
    for (size_t i = 0; i < count; ++i) {
        const QString ref = QString::fromUtf8(updates[i]->dst_refname);
        const QString remoteNow = git_oid_is_zero(&updates[i]->src) ? QString() : oidToString(updates[i]->src);
        for (const RefUpdate &wanted : *state->updates) {
            if (wanted.ref != ref || wanted.expectedOld == remoteNow)
                continue;
            state->leaseBroken = u"the remote's %1 is at %2, not at %3 as when the plan was made; nothing was pushed"_s.arg(
                ref, remoteNow.isEmpty() ? u"nothing"_s : remoteNow.left(12),
                wanted.expectedOld.isEmpty() ? u"nothing"_s : wanted.expectedOld.left(12));
            return GIT_EUSER;
        }
    }
    return 0;
}

int noteRejection(const char *ref, const char *status, void *payload)
{
    if (status)
        static_cast<PushState *>(payload)->rejected.append(QString::fromUtf8(ref) + u" ("_s + QString::fromUtf8(status) + u')');
    return 0;
}

// Local references made only to give the push a name for each object it sends; removed after.
struct TemporaryRefs
{
    git_repository *repo = nullptr;
    QList<QByteArray> names;
    TemporaryRefs() = default;
    TemporaryRefs(const TemporaryRefs &) = delete;
    TemporaryRefs &operator=(const TemporaryRefs &) = delete;
    ~TemporaryRefs()
    {
        for (const QByteArray &name : names) {
            git_reference *raw = nullptr;
            if (git_reference_lookup(&raw, repo, name.constData()) == 0) {
                ReferencePtr ref(raw);
                git_reference_delete(ref.get());
            }
        }
    }
};

} // namespace

Result<void> pushWithLease(const QString &path, const QString &remote, const QList<RefUpdate> &updates)
{
    if (updates.isEmpty())
        return {};
    auto repo = openRepository(path);
    if (!repo)
        return std::unexpected(repo.error());
    auto handle = lookupRemote(repo->get(), remote);
    if (!handle)
        return std::unexpected(handle.error());

    TemporaryRefs temporary;
    temporary.repo = repo->get();
    QList<QByteArray> specs;
    for (qsizetype i = 0; i < updates.size(); ++i) {
        const RefUpdate &update = updates.at(i);
        if (!update.ref.startsWith(u"refs/heads/"_s) && !update.ref.startsWith(u"refs/tags/"_s))
            return fail(Error::Domain::Git, u"'%1' is not a branch or tag reference"_s.arg(update.ref.left(200)));
        if (update.newId.isEmpty()) {
            specs.append(":" + update.ref.toUtf8());
            continue;
        }
        auto oid = parseId(update.newId);
        if (!oid)
            return std::unexpected(oid.error());
        const QByteArray name = "refs/releasedeck/push/" + QByteArray::number(i);
        git_reference *raw = nullptr;
        if (const int rc = git_reference_create(&raw, repo->get(), name.constData(), &*oid, /*force*/ 1, nullptr); rc < 0)
            return std::unexpected(lastError(rc, u"cannot prepare to push %1"_s.arg(update.newId.left(12))));
        ReferencePtr ref(raw);
        temporary.names.append(name);
        // Forced: the lease, not fast-forwarding, is what protects the remote (a rollback moves back).
        specs.append("+" + name + ":" + update.ref.toUtf8());
    }
    QList<char *> pointers;
    for (QByteArray &spec : specs)
        pointers.append(spec.data());
    const git_strarray refspecs{pointers.data(), size_t(pointers.size())};

    PushState state;
    state.updates = &updates;
    git_push_options options = GIT_PUSH_OPTIONS_INIT;
    options.callbacks.credentials = credentialsFromAgent;
    options.callbacks.push_negotiation = checkLease;
    options.callbacks.push_update_reference = noteRejection;
    options.callbacks.payload = &state;
    const int rc = git_remote_push(handle->get(), &refspecs, &options);
    if (!state.leaseBroken.isEmpty())
        return fail(Error::Domain::Git, state.leaseBroken);
    if (rc < 0)
        return std::unexpected(lastError(rc, u"cannot push to remote '%1'"_s.arg(remote)));
    if (!state.rejected.isEmpty())
        return fail(Error::Domain::Git, u"remote '%1' refused %2"_s.arg(remote, state.rejected.join(u", "_s)));
    return {};
}

} // namespace rd::git
