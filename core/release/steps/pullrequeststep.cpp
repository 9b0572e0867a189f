// SPDX-License-Identifier: GPL-3.0-or-later
#include "release/steps/pullrequeststep.h"

#include "forge/forgeclient.h"
#include "git/refupdates.h"

#include <QEventLoop>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace rd::release {

namespace {

QString shortId(const QString &id) { return id.isEmpty() ? u"nothing"_s : id.left(12); }

QString forgeProject(const config::PullRequest &settings)
{
    return u"%1 project %2"_s.arg(forge::forgeName(settings.forge), settings.project);
}

// Waits `interval` or until the user cancels; false when cancelled.
bool pause(std::chrono::milliseconds interval, const StepContext &context)
{
    const auto slice = std::chrono::milliseconds(100);
    for (auto waited = std::chrono::milliseconds(0); waited < interval; waited += slice) {
        if (context.cancelled())
            return false;
        QEventLoop loop;
        QTimer::singleShot(std::min(slice, interval - waited), &loop, &QEventLoop::quit);
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    }
    return !context.cancelled();
}

} // namespace

QString requestTerm(const config::PullRequest &settings)
{
    return settings.forge == config::PullRequest::Forge::GitHub ? u"pull request"_s : u"merge request"_s;
}

QString PromotionBranchPushStep::description() const
{
    const PullRequestChange &c = *m_change;
    if (c.branchOnRemote)
        return u"Use branch %1 of remote '%2', already at commit %3 (pushed by an earlier run)."_s.arg(c.branch, c.remote, shortId(c.target));
    return u"Push a new branch %1 at commit %2 to remote '%3' of repository %4."_s.arg(c.branch, shortId(c.target), c.remote, c.repositoryName);
}

QString PromotionBranchPushStep::undoDescription() const
{
    return u"Delete branch %1 from remote '%2'."_s.arg(m_change->branch, m_change->remote);
}

Result<void> PromotionBranchPushStep::run(StepContext &context)
{
    PullRequestChange &c = *m_change;
    if (c.branchOnRemote) {
        context.output(u"%1 is already at %2 on %3"_s.arg(c.branch, shortId(c.target), c.remote));
        return {};
    }
    if (auto pushed = git::pushWithLease(c.repositoryPath, c.remote, {{u"refs/heads/"_s + c.branch, QString(), c.target}}); !pushed)
        return pushed;
    c.pushed = true;
    context.output(u"refs/heads/%1 → %2 on %3"_s.arg(c.branch, shortId(c.target), c.remote));
    return {};
}

Result<void> PromotionBranchPushStep::undo(StepContext &context)
{
    PullRequestChange &c = *m_change;
    if (!c.pushed)
        return {};
    if (auto deleted = git::pushWithLease(c.repositoryPath, c.remote, {{u"refs/heads/"_s + c.branch, c.target, QString()}}); !deleted)
        return deleted;
    c.pushed = false;
    context.output(u"branch %1 deleted from %2"_s.arg(c.branch, c.remote));
    return {};
}

QString PullRequestOpenStep::description() const
{
    const PullRequestChange &c = *m_change;
    QString sentence = u"Open a %1 in %2 from %3 into %4, titled \u201c%5\u201d (an open one from that branch is reused)."_s.arg(
        requestTerm(c.settings), forgeProject(c.settings), c.branch, c.base, c.title);
    if (!c.settings.merge)
        sentence += u" It is left open for review: nothing is deployed until someone merges it."_s;
    return sentence;
}

QString PullRequestOpenStep::undoDescription() const
{
    return u"Close the %1 if this run opened it."_s.arg(requestTerm(m_change->settings));
}

Result<void> PullRequestOpenStep::run(StepContext &context)
{
    PullRequestChange &c = *m_change;
    auto client = forge::openForge(c.settings, c.environment);
    if (!client)
        return std::unexpected(client.error());
    bool created = false;
    auto opened = (*client)->open(forge::NewPullRequest{c.branch, c.base, c.title, c.body}, &created);
    if (!opened)
        return std::unexpected(opened.error());
    c.number = opened->number;
    c.url = opened->url;
    c.reference = (*client)->reference(opened->number);
    c.created = created;
    // A reused request whose branch someone moved is not the change this plan shows.
    if (!opened->headSha.isEmpty() && opened->headSha != c.target) {
        const QString message = u"%1 %2 from %3 is at commit %4, not at the promoted %5; someone changed that branch"_s.arg(
            requestTerm(c.settings), c.reference, c.branch, shortId(opened->headSha), shortId(c.target));
        if (created)
            (void)(*client)->close(c.number);
        c.created = false;
        return fail(Error::Domain::Release, message);
    }
    const QString where = c.url.isEmpty() ? QString() : u": "_s + c.url;
    if (!created)
        context.output(u"%1 %2 was already open from %3; reused%4"_s.arg(requestTerm(c.settings), c.reference, c.branch, where));
    else if (c.settings.merge)
        context.output(u"%1 %2 opened%3"_s.arg(requestTerm(c.settings), c.reference, where));
    else
        context.output(u"%1 %2 opened, waiting for review%3"_s.arg(requestTerm(c.settings), c.reference, where));
    return {};
}

QString PullRequestOpenStep::resultNote() const
{
    const PullRequestChange &c = *m_change;
    if (c.settings.merge || c.number <= 0)
        return {};
    return u"%1 %2 opened, waiting for review%3; %4 runs what it ran until it is merged"_s.arg(
        requestTerm(c.settings), c.reference, c.url.isEmpty() ? QString() : u" ("_s + c.url + u')', c.environment);
}

Result<void> PullRequestOpenStep::undo(StepContext &context)
{
    PullRequestChange &c = *m_change;
    if (c.merged) {
        context.output(u"%1 %2 is merged; nothing to close"_s.arg(requestTerm(c.settings), c.reference));
        return {};
    }
    if (!c.created) {
        context.output(u"%1 %2 was open before this run; it is left open"_s.arg(requestTerm(c.settings), c.reference));
        return {};
    }
    auto client = forge::openForge(c.settings, c.environment);
    if (!client)
        return std::unexpected(client.error());
    if (auto closed = (*client)->close(c.number); !closed)
        return closed;
    c.created = false;
    context.output(u"%1 %2 closed"_s.arg(requestTerm(c.settings), c.reference));
    return {};
}

QString PullRequestMergeStep::description() const
{
    const PullRequestChange &c = *m_change;
    return u"Merge the %1 into %2 once %3 says it can be merged, only if its head is still at %4; this cannot be taken back by "
           u"ReleaseDeck: %2 on the remote moves (from %5) and a GitOps controller deploys it (a rollback is the way back)."_s
        .arg(requestTerm(c.settings), c.base, forge::forgeName(c.settings.forge), shortId(c.target), shortId(c.baseOld));
}

Result<void> PullRequestMergeStep::run(StepContext &context)
{
    PullRequestChange &c = *m_change;
    if (c.number <= 0)
        return fail(Error::Domain::Release, u"no %1 was opened, so there is nothing to merge"_s.arg(requestTerm(c.settings)));
    auto client = forge::openForge(c.settings, c.environment);
    if (!client)
        return std::unexpected(client.error());
    const QString term = requestTerm(c.settings);
    for (int check = 1;; ++check) {
        auto info = (*client)->get(c.number);
        if (!info)
            return std::unexpected(info.error());
        if (info->state == forge::PullRequestInfo::State::Merged) {
            // Someone merged it already (a reviewer, or an earlier run that lost its answer).
            c.merged = true;
            c.mergeCommit = info->mergeCommit;
            context.output(u"%1 %2 is already merged"_s.arg(term, c.reference));
            return {};
        }
        if (info->state == forge::PullRequestInfo::State::Closed)
            return fail(Error::Domain::Release, u"%1 %2 was closed without merging; %3 is unchanged"_s.arg(term, c.reference, c.base));
        if (!info->headSha.isEmpty() && info->headSha != c.target)
            return fail(Error::Domain::Release, u"%1 %2 now has head %3, not the promoted %4; it was not merged"_s.arg(
                                                    term, c.reference, shortId(info->headSha), shortId(c.target)));
        if (info->mergeable.has_value()) {
            if (!*info->mergeable)
                return fail(Error::Domain::Release, u"%1 says %2 %3 cannot be merged (conflicts, required reviews or checks); it was not merged and %4 is unchanged"_s.arg(
                                                        forge::forgeName(c.settings.forge), term, c.reference, c.base));
            break;
        }
        if (check >= mergeableChecks)
            return fail(Error::Domain::Release, u"%1 had not worked out whether %2 %3 can be merged after %4 checks; it was not merged and %5 is unchanged"_s.arg(
                                                    forge::forgeName(c.settings.forge), term, c.reference).arg(check).arg(c.base));
        context.output(u"waiting for %1 to check whether %2 can be merged"_s.arg(forge::forgeName(c.settings.forge), c.reference));
        if (!pause(mergeableInterval, context))
            return fail(Error::Domain::Release, u"cancelled while waiting to merge %1 %2, which was not merged"_s.arg(term, c.reference));
    }
    auto merged = (*client)->merge(c.number, c.target);
    if (!merged && merged.error().code == 0) {
        // No answer (the forge died or the connection broke): the merge may have happened
        // anyway. The git remote says what the environment branch is now.
        auto refs = git::remoteReferences(c.repositoryPath, c.remote);
        const QString now = refs ? refs->value(u"refs/heads/"_s + c.base) : QString();
        if (refs && now == c.target) {
            c.merged = true;
            context.output(u"%1 did not answer the merge (%2), but %3 on remote '%4' is now at %5: merged"_s.arg(
                forge::forgeName(c.settings.forge), merged.error().message, c.base, c.remote, shortId(now)));
            return {};
        }
        if (refs && now != c.baseOld) {
            c.merged = true;   // not ours to close or take back any more
            return fail(Error::Domain::Release, u"%1; %2 on remote '%3' has meanwhile moved from %4 to %5, so %6 %7 may have been merged, which ReleaseDeck cannot take back"_s.arg(
                                                    merged.error().message, c.base, c.remote, shortId(c.baseOld), shortId(now), requestTerm(c.settings), c.reference));
        }
        return fail(Error::Domain::Release, u"%1; %2 on remote '%3' is still at %4, so nothing was merged"_s.arg(
                                                merged.error().message, c.base, c.remote, refs ? shortId(now) : u"an unknown commit (the remote cannot be read either)"_s));
    }
    if (!merged)
        return std::unexpected(merged.error());
    c.merged = true;
    c.mergeCommit = merged->mergeCommit;
    context.output(u"%1 %2 merged into %3%4"_s.arg(term, c.reference, c.base,
                                                   c.mergeCommit.isEmpty() ? QString() : u" as "_s + shortId(c.mergeCommit)));
    return {};
}

} // namespace rd::release
