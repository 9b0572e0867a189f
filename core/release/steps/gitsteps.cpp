// SPDX-License-Identifier: GPL-3.0-or-later
#include "release/steps/gitsteps.h"

#include "git/refupdates.h"
#include "git/repository.h"

#include <QHostInfo>

using namespace Qt::StringLiterals;

namespace rd::release {

namespace {

QString shortId(const QString &id) { return id.isEmpty() ? u"nothing"_s : id.left(12); }

git::Signature promoter()
{
    QString user = qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME", u"releasedeck"_s));
    return git::Signature{user, user + u'@' + QHostInfo::localHostName(), QDateTime::currentDateTime()};
}

} // namespace

QString GitBranchStep::description() const
{
    const GitChange &c = *m_change;
    if (c.merge)
        return u"Merge commit %1 into branch %2 of repository %3 (now at %4)."_s.arg(shortId(c.target), c.branch, c.repositoryName, shortId(c.oldTip));
    return u"Move branch %1 of repository %2 from %3 to %4."_s.arg(c.branch, c.repositoryName, shortId(c.oldTip), shortId(c.target));
}

QString GitBranchStep::undoDescription() const
{
    return u"Move branch %1 back to %2."_s.arg(m_change->branch, shortId(m_change->oldTip));
}

Result<void> GitBranchStep::run(StepContext &context)
{
    GitChange &c = *m_change;
    QString newTip = c.target;
    if (c.merge) {
        auto merged = git::createMergeCommit(c.repositoryPath, c.oldTip, c.target, promoter(),
                                             u"Merge %1 into %2 (ReleaseDeck promotion)"_s.arg(c.target.left(12), c.branch));
        if (!merged)
            return std::unexpected(merged.error());
        newTip = *merged;
    }
    if (auto moved = git::updateBranch(c.repositoryPath, c.branch, c.oldTip, newTip); !moved)
        return moved;
    c.newTip = newTip;
    context.output(u"%1 → %2"_s.arg(c.branch, newTip));
    return {};
}

Result<void> GitBranchStep::undo(StepContext &context)
{
    GitChange &c = *m_change;
    if (auto moved = git::updateBranch(c.repositoryPath, c.branch, c.newTip, c.oldTip); !moved)
        return moved;
    context.output(u"%1 → %2"_s.arg(c.branch, shortId(c.oldTip)));
    return {};
}

QString GitTagStep::description() const
{
    return u"Create tag %1 on commit %2 in repository %3."_s.arg(m_change->tag, shortId(m_change->target), m_change->repositoryName);
}

QString GitTagStep::undoDescription() const
{
    return u"Delete tag %1."_s.arg(m_change->tag);
}

Result<void> GitTagStep::run(StepContext &context)
{
    GitChange &c = *m_change;
    auto repository = git::Repository::open(c.repositoryPath);
    if (!repository)
        return std::unexpected(repository.error());
    if (auto made = repository->createTag(c.tag, c.target, promoter(), u"Promoted by ReleaseDeck"_s); !made)
        return made;
    auto object = git::referenceId(c.repositoryPath, u"refs/tags/"_s + c.tag);
    if (!object || !object->has_value())
        return fail(Error::Domain::Git, u"tag %1 was created but cannot be read back"_s.arg(c.tag));
    c.tagObject = **object;
    context.output(u"tag %1 → %2"_s.arg(c.tag, c.target));
    return {};
}

Result<void> GitTagStep::undo(StepContext &context)
{
    if (auto deleted = git::deleteTag(m_change->repositoryPath, m_change->tag, m_change->target); !deleted)
        return deleted;
    context.output(u"tag %1 deleted"_s.arg(m_change->tag));
    return {};
}

QString GitPushStep::description() const
{
    const GitChange &c = *m_change;
    QStringList what;
    if (!c.branch.isEmpty())
        what.append(u"branch %1"_s.arg(c.branch));
    if (!c.tag.isEmpty())
        what.append(u"tag %1"_s.arg(c.tag));
    if (c.branch.isEmpty())
        return u"Push %1 to remote '%2', only if the remote does not have it yet."_s.arg(what.join(u" and "_s), c.remote);
    return u"Push %1 to remote '%2', only if its %3 is still at %4."_s.arg(what.join(u" and "_s), c.remote, c.branch, shortId(c.remoteBranchOld));
}

QString GitPushStep::undoDescription() const
{
    return u"Push branch %1 back to %2 on remote '%3' and delete the pushed tag."_s.arg(m_change->branch, shortId(m_change->remoteBranchOld), m_change->remote);
}

Result<void> GitPushStep::run(StepContext &context)
{
    const GitChange &c = *m_change;
    QList<git::RefUpdate> updates;
    if (!c.branch.isEmpty() && !c.newTip.isEmpty())
        updates.append({u"refs/heads/"_s + c.branch, c.remoteBranchOld, c.newTip});
    if (!c.tag.isEmpty() && !c.tagObject.isEmpty())
        updates.append({u"refs/tags/"_s + c.tag, QString(), c.tagObject});
    if (auto pushed = git::pushWithLease(c.repositoryPath, c.remote, updates); !pushed)
        return pushed;
    for (const git::RefUpdate &u : updates)
        context.output(u"%1 → %2 on %3"_s.arg(u.ref, u.newId.left(12), c.remote));
    return {};
}

Result<void> GitPushStep::undo(StepContext &context)
{
    const GitChange &c = *m_change;
    QList<git::RefUpdate> updates;
    if (!c.branch.isEmpty() && !c.newTip.isEmpty())
        updates.append({u"refs/heads/"_s + c.branch, c.newTip, c.remoteBranchOld});
    if (!c.tag.isEmpty() && !c.tagObject.isEmpty())
        updates.append({u"refs/tags/"_s + c.tag, c.tagObject, QString()});
    if (auto pushed = git::pushWithLease(c.repositoryPath, c.remote, updates); !pushed)
        return pushed;
    context.output(u"remote '%1' restored"_s.arg(c.remote));
    return {};
}

} // namespace rd::release
