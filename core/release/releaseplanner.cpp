// SPDX-License-Identifier: GPL-3.0-or-later
#include "release/releaseplanner.h"

#include "git/changelog.h"
#include "git/refupdates.h"
#include "git/repository.h"
#include "health/checkspec.h"
#include "forge/forgeclient.h"
#include "registry/registrybackend.h"
#include "registry/versiontag.h"
#include "release/commandvariables.h"
#include "release/deploymentstate.h"
#include "release/steps/gitsteps.h"
#include "release/steps/pullrequeststep.h"
#include "release/steps/registryretagstep.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace rd::release {

namespace {

std::unexpected<Error> refuse(QString message)
{
    return std::unexpected(Error{Error::Domain::Release, std::move(message), {}, RefusedCode});
}

// What the registry says about one image: every tag that matters and its digest.
struct ImageFacts
{
    QString image;
    QString versionGlob;
    QHash<QString, QString> digestOf;   // tag → digest

    QStringList versionsOf(const QString &digest) const
    {
        QStringList versions;
        for (auto it = digestOf.cbegin(); it != digestOf.cend(); ++it) {
            if (it.value() == digest && registry::isVersionTag(it.key(), versionGlob))
                versions.append(it.key());
        }
        return versions;
    }
    QString versionOf(const QString &digest) const
    {
        return registry::newestVersion(versionsOf(digest), versionGlob);
    }
    QStringList versionsNewestFirst() const
    {
        QStringList versions;
        for (auto it = digestOf.cbegin(); it != digestOf.cend(); ++it) {
            if (registry::isVersionTag(it.key(), versionGlob))
                versions.append(it.key());
        }
        std::sort(versions.begin(), versions.end(), [](const QString &a, const QString &b) { return registry::compareVersions(a, b) > 0; });
        return versions;
    }
};

Result<ImageFacts> readImage(registry::RegistryBackend &backend, const config::Workspace &workspace, const config::Artifact &artifact)
{
    auto tags = backend.tags(artifact.image);
    if (!tags)
        return std::unexpected(tags.error());
    static const QRegularExpression shaTag(u"\\Asha-[0-9a-f]{7,40}\\z"_s);
    QStringList wanted;
    for (const QString &tag : std::as_const(*tags)) {
        bool environmentTag = false;
        for (const config::Environment &e : workspace.environments)
            environmentTag = environmentTag || e.tag == tag || e.alsoTag.contains(tag);
        if (environmentTag || registry::isVersionTag(tag, artifact.versions) || shaTag.match(tag).hasMatch())
            wanted.append(tag);
    }
    ImageFacts facts;
    facts.image = artifact.image;
    facts.versionGlob = artifact.versions;
    const QList<Result<QString>> digests = backend.resolveTags(artifact.image, wanted);
    for (qsizetype i = 0; i < wanted.size(); ++i) {
        if (!digests.at(i))
            return std::unexpected(digests.at(i).error());
        facts.digestOf.insert(wanted.at(i), *digests.at(i));
    }
    return facts;
}

QString commitOf(registry::RegistryBackend &backend, const ImageFacts &facts, const QString &digest, const git::Repository *repository)
{
    if (auto config = backend.imageConfig(facts.image, digest); config && !config->revision().isEmpty())
        return config->revision();
    for (auto it = facts.digestOf.cbegin(); it != facts.digestOf.cend(); ++it) {
        if (it.value() != digest || !it.key().startsWith(u"sha-"_s))
            continue;
        const QString id = it.key().mid(4);
        if (id.size() == 40)
            return id;
        if (repository) {
            if (auto full = repository->resolveCommit(id))
                return *full;
        }
    }
    return {};
}

QString whereRuns(const config::DeployStep &step)
{
    return step.kind == config::DeployStep::Kind::Local ? u"this machine"_s : u"host "_s + step.host;
}

Result<QList<PlannedCommand>> expandCommands(const config::Workspace &workspace, const QList<config::DeployStep> &steps,
                                            const QString &artifact, const QString &environment, const QString &version,
                                            const QString &digest)
{
    QList<PlannedCommand> commands;
    for (const config::DeployStep &step : steps) {
        auto command = workspaceCommand(workspace, step.command, CommandValues{artifact, environment, version, digest});
        if (!command)
            return std::unexpected(command.error());
        commands.append(PlannedCommand{step, *command, whereRuns(step)});
    }
    return commands;
}

// The local repository of an artifact, when it has one on disk.
QString localRepositoryPath(const config::Workspace &workspace, const config::Artifact &artifact)
{
    const config::Repository *repository = workspace.repository(artifact.repository);
    if (!repository)
        return {};
    const QString path = workspace.resolvePath(repository->url);
    return QFileInfo(path).isDir() ? path : QString();
}

struct Change
{
    QString action;            // promote | rollback
    const config::Artifact *artifact = nullptr;
    const config::Environment *environment = nullptr;
    QString version;
    QString digest;
    QString current;           // version running now ("" when none or unnamed)
    QString currentDigest;
};

// The pull request a protected environment's branch promotion becomes: a promotion branch at
// the promoted commit pushed to the remote, the request from it into the environment branch,
// and its merge when the workspace allows. Appends those steps to `plan`.
Result<void> planPullRequest(const config::Environment &env, const config::Artifact &artifact, const Change &change,
                             const GitChange &git, const QString &repoPath, Plan &plan)
{
    const config::PullRequest &settings = *env.pullRequest;
    auto refs = git::remoteReferences(repoPath, u"origin"_s);
    if (!refs)
        return std::unexpected(refs.error());
    auto pr = std::make_shared<PullRequestChange>();
    pr->settings = settings;
    pr->environment = env.name;
    pr->repositoryPath = repoPath;
    pr->repositoryName = artifact.repository;
    pr->remote = u"origin"_s;
    pr->base = env.branch;
    pr->target = git.target;
    pr->baseOld = refs->value(u"refs/heads/"_s + env.branch);
    if (pr->baseOld != git.oldTip)
        return refuse(u"the remote's branch %1 is at %2 but the local one at %3; fetch and look before promoting"_s.arg(
            env.branch, pr->baseOld.isEmpty() ? u"nothing"_s : pr->baseOld.left(12), git.oldTip.left(12)));
    pr->branch = u"releasedeck/%1/%2-%3"_s.arg(env.name, artifact.name, change.version);
    const QString there = refs->value(u"refs/heads/"_s + pr->branch);
    if (!there.isEmpty() && there != pr->target)
        return refuse(u"the remote already has branch %1 at %2, not at the promoted commit %3; delete it or look at what it holds before promoting"_s.arg(
            pr->branch, there.left(12), pr->target.left(12)));
    pr->branchOnRemote = there == pr->target;
    pr->title = u"Promote %1 %2 to %3"_s.arg(artifact.name, change.version, env.name);
    QString body = u"ReleaseDeck promotes **%1** to **%2**: %3 \u2192 %4 (commit %5, image %6@%7).\n"_s.arg(
        artifact.name, env.name, change.current.isEmpty() ? u"nothing"_s : change.current, change.version, pr->target.left(12),
        artifact.image, change.digest);
    // The changelog summary: what the environment branch gains, newest first, bounded.
    git::ChangelogOptions options;
    options.limit = 51;
    if (!artifact.path.isEmpty())
        options.paths = {artifact.path};
    if (auto log = git::changelog(repoPath, pr->target, git.oldTip, options); log && !log->isEmpty()) {
        body += u"\nChanges%1:\n"_s.arg(artifact.path.isEmpty() ? QString() : u" in "_s + artifact.path);
        for (qsizetype i = 0; i < std::min<qsizetype>(log->size(), 50); ++i)
            body += u"- %1 %2 (%3)\n"_s.arg(log->at(i).commit.shortId(), log->at(i).commit.subject.left(200), log->at(i).commit.author.left(80));
        if (log->size() > 50)
            body += u"- \u2026 and more\n"_s;
    }
    body += settings.merge ? u"\nReleaseDeck merges this when %1 allows it; a GitOps controller then deploys %2.\n"_s.arg(forge::forgeName(settings.forge), env.branch)
                           : u"\nMerging this deploys it: a GitOps controller follows %1.\n"_s.arg(env.branch);
    pr->body = body;
    plan.steps.append(std::make_shared<PromotionBranchPushStep>(pr));
    plan.steps.append(std::make_shared<PullRequestOpenStep>(pr));
    if (settings.merge)
        plan.steps.append(std::make_shared<PullRequestMergeStep>(pr));
    return {};
}

Result<PlannedRelease> buildPlan(const PlanningContext &context, registry::RegistryBackend &backend, const ImageFacts &facts,
                                 const Change &change)
{
    const config::Workspace &ws = *context.workspace;
    const config::Environment &env = *change.environment;
    const config::Artifact &artifact = *change.artifact;
    PlannedRelease planned;
    Plan &plan = planned.plan;
    plan.action = change.action;
    plan.artifact = artifact.name;
    plan.environment = env.name;
    plan.from = change.current;
    plan.to = change.version;
    planned.toDigest = change.digest;
    planned.fromDigest = change.currentDigest;
    if (env.isProtected)
        plan.warnings.append(u"%1 is protected: type its name to confirm."_s.arg(env.name));

    const config::Registry *registry = ws.registry(artifact.registry);
    if (!registry)
        return fail(Error::Domain::Config, u"artifact '%1' names the registry '%2', which the workspace does not define"_s.arg(artifact.name, artifact.registry));
    // The registry steps come first, but are added once the git part has said whether this is
    // a promotion that only opens a pull request for review (then nothing else changes now).
    QList<std::shared_ptr<Step>> registrySteps;
    QStringList registryWarnings;
    registrySteps.append(std::make_shared<RegistryRetagStep>(
        RegistryRetagStep::Target{*registry, ws.file, artifact.image, change.version, change.digest, env.tag, change.currentDigest}, ws));
    if (change.currentDigest.isEmpty())
        registryWarnings.append(u"Registry tag %1:%2 does not exist yet, so the retag cannot be taken back if a later step fails."_s.arg(artifact.image, env.tag));
    // also_tag (e.g. latest): after the environment tag, each taken back on its own.
    for (const QString &extra : env.alsoTag) {
        RegistryRetagStep::Target target{*registry, ws.file, artifact.image, change.version, change.digest, extra, facts.digestOf.value(extra)};
        target.deleteWhenNew = true;
        if (target.oldDigest == change.digest)
            continue;   // already there: nothing to do, nothing to take back
        if (target.oldDigest.isEmpty())
            registryWarnings.append(u"Registry tag %1:%2 does not exist yet; taking it back means deleting it, which registries without "
                                    u"single-tag delete (Distribution 2.x) refuse while %3 names the same image."_s.arg(artifact.image, extra, change.version));
        registrySteps.append(std::make_shared<RegistryRetagStep>(std::move(target), ws));
    }
    bool awaitsReview = false;

    // Git: the environment branch, its tag, the push.
    const QString repoPath = localRepositoryPath(ws, artifact);
    std::optional<git::Repository> repository;
    if (!repoPath.isEmpty()) {
        if (auto opened = git::Repository::open(repoPath))
            repository.emplace(std::move(*opened));
    }
    planned.commit = commitOf(backend, facts, change.digest, repository ? &*repository : nullptr);
    if (!env.branch.isEmpty() || !env.gitTag.isEmpty()) {
        if (artifact.repository.isEmpty()) {
            // Nothing to move: the artifact is not tied to a repository.
        } else if (!repository) {
            if (!env.branch.isEmpty())
                plan.warnings.append(u"Branch %1 is not moved: repository '%2' has no local clone ReleaseDeck can write to."_s.arg(env.branch, artifact.repository));
        } else if (planned.commit.isEmpty()) {
            plan.warnings.append(u"No git step: %1 %2 names no commit (no revision label, no sha- tag)."_s.arg(artifact.name, change.version));
        } else {
            auto git = std::make_shared<GitChange>();
            git->repositoryPath = repoPath;
            git->repositoryName = artifact.repository;
            git->target = planned.commit;
            bool moveBranch = false;
            if (!env.branch.isEmpty()) {
                git->branch = env.branch;
                auto tip = repository->branchTip(env.branch);
                git->oldTip = tip ? *tip : QString();
                git::BranchMove move = git::BranchMove::FastForward;
                if (!git->oldTip.isEmpty()) {
                    auto classified = git::classifyBranchMove(repoPath, git->oldTip, git->target);
                    if (!classified)
                        return std::unexpected(classified.error());
                    move = *classified;
                }
                switch (move) {
                case git::BranchMove::UpToDate:
                    break;
                case git::BranchMove::FastForward:
                    moveBranch = true;
                    break;
                case git::BranchMove::Backward:
                    if (change.action == u"rollback") {
                        moveBranch = true;
                        plan.warnings.append(u"Branch %1 moves back to %2: commits after it leave the branch (other artifacts built from them included)."_s.arg(env.branch, git->target.left(12)));
                    } else {
                        plan.warnings.append(u"Branch %1 already contains commit %2; it stays where it is."_s.arg(env.branch, git->target.left(12)));
                    }
                    break;
                case git::BranchMove::Diverged:
                    if (!env.merge)
                        return refuse(u"branch %1 cannot be fast-forwarded to commit %2 (they diverged); set 'merge: true' on environment %3 to merge instead"_s.arg(env.branch, git->target.left(12), env.name));
                    git->merge = true;
                    moveBranch = true;
                    break;
                }
            }
            if (!moveBranch)
                git->branch.clear();
            bool makeTag = false;
            if (!env.gitTag.isEmpty()) {
                QString tag = env.gitTag;
                tag.replace(u"{env}"_s, env.name).replace(u"{version}"_s, change.version).replace(u"{artifact}"_s, artifact.name);
                auto existing = git::tagCommit(repoPath, tag);
                if (!existing)
                    return std::unexpected(existing.error());
                if (!existing->has_value()) {
                    git->tag = tag;
                    makeTag = true;
                } else if (**existing != git->target) {
                    return refuse(u"tag %1 already exists in repository '%2' on commit %3, not on %4"_s.arg(tag, artifact.repository, (**existing).left(12), git->target.left(12)));
                }
            }
            auto remote = git::remoteUrl(repoPath, u"origin"_s);
            if (!remote)
                return std::unexpected(remote.error());
            if (env.isProtected && moveBranch && remote->has_value()) {
                if (!env.pullRequest)
                    return refuse(u"environment %1 is protected: its branch %2 is changed only through a pull request, so ReleaseDeck will not push to it directly; configure 'pull_request' (forge, project, token) on environment %1 to have one opened"_s.arg(env.name, env.branch));
                // A pull request can only add commits: taking the branch back needs a revert,
                // which is a decision for people on the forge, not a branch ReleaseDeck pushes.
                if (change.action == u"rollback")
                    return refuse(u"environment %1 is protected: its branch %2 would move back to %3, which a pull request cannot do; revert on the forge (the GitOps controller then deploys it), or roll back an environment whose branch is not protected"_s.arg(env.name, env.branch, git->target.left(12)));
                auto pr = planPullRequest(env, artifact, change, *git, repoPath, plan);
                if (!pr)
                    return std::unexpected(pr.error());
                awaitsReview = !env.pullRequest->merge;
                moveBranch = false;
                git->branch.clear();
                if (awaitsReview)
                    makeTag = false;
            }
            if (moveBranch)
                plan.steps.append(std::make_shared<GitBranchStep>(git));
            if (makeTag)
                plan.steps.append(std::make_shared<GitTagStep>(git));
            if ((moveBranch || makeTag) && remote->has_value()) {
                auto refs = git::remoteReferences(repoPath, u"origin"_s);
                if (!refs)
                    return std::unexpected(refs.error());
                git->remote = u"origin"_s;
                if (moveBranch) {
                    git->remoteBranchOld = refs->value(u"refs/heads/"_s + env.branch);
                    if (git->remoteBranchOld != git->oldTip)
                        return refuse(u"the remote's branch %1 is at %2 but the local one at %3; fetch and look before promoting"_s.arg(
                            env.branch, git->remoteBranchOld.isEmpty() ? u"nothing"_s : git->remoteBranchOld.left(12), git->oldTip.left(12)));
                }
                if (makeTag && refs->contains(u"refs/tags/"_s + git->tag))
                    return refuse(u"the remote already has tag %1"_s.arg(git->tag));
                plan.steps.append(std::make_shared<GitPushStep>(git));
            }
        }
    }

    if (awaitsReview) {
        planned.awaitsReview = true;
        plan.warnings.append(u"Only a %1 is opened: the registry tag %2:%3, the git tag, the deploy steps and verification wait until it is "
                             u"merged; after the merge, fetch and promote again to do them."_s.arg(requestTerm(*env.pullRequest), artifact.image, env.tag));
        return planned;
    }
    plan.steps = registrySteps + plan.steps;
    plan.warnings = registryWarnings + plan.warnings;

    // Deploy: host after host; a failed plan redeploys what ran before.
    const bool isRollback = change.action == u"rollback";
    const QList<config::DeployStep> &forward = isRollback && !env.rollback.isEmpty() ? env.rollback : env.deploy;
    auto commands = expandCommands(ws, forward, artifact.name, env.name, change.version, change.digest);
    if (!commands)
        return std::unexpected(commands.error());
    QList<PlannedCommand> undoAll;
    QString undoWhy;
    bool undoPerStep = true;
    if (!change.current.isEmpty()) {
        const bool useRollbackSteps = !isRollback && !env.rollback.isEmpty();
        auto undo = expandCommands(ws, useRollbackSteps ? env.rollback : env.deploy, artifact.name, env.name, change.current,
                                   change.currentDigest);
        if (!undo)
            return std::unexpected(undo.error());
        undoAll = *undo;
        undoPerStep = !useRollbackSteps;
        undoWhy = u"redeploys %1"_s.arg(change.current);
    } else if (!commands->isEmpty()) {
        plan.warnings.append(u"Nothing of %1 ran in %2 before, so a failed deploy cannot be taken back by redeploying."_s.arg(artifact.name, env.name));
    }
    for (qsizetype i = 0; i < commands->size(); ++i) {
        QList<PlannedCommand> undo;
        if (undoPerStep && i < undoAll.size())
            undo.append(undoAll.at(i));
        else if (!undoPerStep && i == 0)
            undo = undoAll;
        auto step = std::make_shared<CommandStep>(commands->at(i), undo, undoWhy, context.hosts);
        if (!undoPerStep && i > 0 && !undoAll.isEmpty()) {
            step->setUndoneElsewhere(true);
            step->setUndoPossible(true);
        }
        plan.steps.append(step);
    }

    // Verify.
    if (!env.health.isEmpty()) {
        QList<health::CheckSpec> checks;
        for (const config::HealthCheck &check : env.health)
            checks.append(health::checkSpec(ws, env, check));
        planned.verify = std::make_shared<VerifyResult>();
        plan.steps.append(std::make_shared<VerifyStep>(env.name, checks, std::chrono::duration_cast<std::chrono::milliseconds>(env.verifyTimeout),
                                                       ws.policy.autoRollback, planned.verify));
    }
    return planned;
}

struct Opened
{
    const config::Artifact *artifact = nullptr;
    const config::Environment *environment = nullptr;
    std::unique_ptr<registry::RegistryBackend> backend;
    ImageFacts facts;
};

Result<Opened> openArtifact(const PlanningContext &context, const QString &artifactName, const QString &environmentName)
{
    const config::Workspace &ws = *context.workspace;
    Opened o;
    o.artifact = ws.artifact(artifactName);
    if (!o.artifact)
        return fail(Error::Domain::Usage, u"'%1' is not an artifact of this workspace"_s.arg(artifactName.left(80)));
    o.environment = ws.environment(environmentName);
    if (!o.environment)
        return fail(Error::Domain::Usage, u"'%1' is not an environment of this workspace"_s.arg(environmentName.left(80)));
    const config::Registry *registry = ws.registry(o.artifact->registry);
    if (!registry)
        return fail(Error::Domain::Config, u"artifact '%1' names the registry '%2', which the workspace does not define"_s.arg(o.artifact->name, o.artifact->registry));
    auto backend = registry::openRegistry(*registry, ws);
    if (!backend)
        return std::unexpected(backend.error());
    o.backend = std::move(*backend);
    auto facts = readImage(*o.backend, ws, *o.artifact);
    if (!facts)
        return std::unexpected(facts.error());
    o.facts = std::move(*facts);
    return o;
}

} // namespace

Result<PlannedRelease> planPromotion(const PlanningContext &context, const PromoteRequest &request)
{
    const config::Workspace &ws = *context.workspace;
    auto opened = openArtifact(context, request.artifact, request.environment);
    if (!opened)
        return std::unexpected(opened.error());
    const config::Environment *from = nullptr;
    if (!request.fromEnvironment.isEmpty()) {
        from = ws.environment(request.fromEnvironment);
        if (!from)
            return fail(Error::Domain::Usage, u"'%1' is not an environment of this workspace"_s.arg(request.fromEnvironment.left(80)));
        if (from == opened->environment)
            return fail(Error::Domain::Usage, u"cannot promote from %1 to itself"_s.arg(from->name));
    } else if (request.version.isEmpty()) {
        from = ws.predecessor(request.environment);
        if (!from)
            return fail(Error::Domain::Usage, u"%1 is the first environment; say which version to promote with --version"_s.arg(request.environment));
    }
    Change change;
    change.action = u"promote"_s;
    change.artifact = opened->artifact;
    change.environment = opened->environment;
    const ImageFacts &facts = opened->facts;
    if (!request.version.isEmpty()) {
        change.version = request.version;
        change.digest = facts.digestOf.value(request.version);
        if (change.digest.isEmpty())
            return fail(Error::Domain::Usage, u"%1 has no version %2 in the registry"_s.arg(opened->artifact->name, request.version.left(128)));
        if (from && facts.digestOf.value(from->tag) != change.digest)
            return fail(Error::Domain::Usage, u"%1 does not run %2 of %3"_s.arg(from->name, request.version, opened->artifact->name));
    } else {
        change.digest = facts.digestOf.value(from->tag);
        if (change.digest.isEmpty())
            return fail(Error::Domain::Usage, u"%1 runs no version of %2, so there is nothing to promote from it"_s.arg(from->name, opened->artifact->name));
        change.version = facts.versionOf(change.digest);
        if (change.version.isEmpty())
            return fail(Error::Domain::Release, u"what %1 runs of %2 (%3) has no version tag"_s.arg(from->name, opened->artifact->name, change.digest.left(19)));
    }
    change.currentDigest = facts.digestOf.value(opened->environment->tag);
    change.current = change.currentDigest.isEmpty() ? QString() : facts.versionOf(change.currentDigest);
    if (change.currentDigest == change.digest)
        return fail(Error::Domain::Usage, u"%1 already runs %2 of %3"_s.arg(opened->environment->name, change.version, opened->artifact->name));
    auto planned = buildPlan(context, *opened->backend, facts, change);
    if (!planned)
        return planned;
    planned->fromEnvironment = from ? from->name : QString();
    if (!change.current.isEmpty()) {
        auto older = rollbackCandidates(context, request.artifact, request.environment, change.current);
        if (older)
            planned->olderVersions = *older;
    }
    return planned;
}

Result<QStringList> rollbackCandidates(const PlanningContext &context, const QString &artifactName, const QString &environmentName,
                                       const QString &current)
{
    auto opened = openArtifact(context, artifactName, environmentName);
    if (!opened)
        return std::unexpected(opened.error());
    const ImageFacts &facts = opened->facts;
    QStringList candidates;
    auto add = [&](const QString &version) {
        if (!version.isEmpty() && version != current && !candidates.contains(version) && facts.digestOf.contains(version))
            candidates.append(version);
    };
    for (const QString &v : context.historyVersions)
        add(v);
    if (context.states) {
        if (auto state = context.states->state(artifactName, environmentName); state && state->has_value()) {
            for (const QString &v : (*state)->knownGood)
                add(v);
        }
    }
    const config::Environment &env = *opened->environment;
    const QString repoPath = localRepositoryPath(*context.workspace, *opened->artifact);
    QStringList fromTags;
    if (!repoPath.isEmpty() && env.gitTag.contains(u"{version}"_s)) {
        QString prefix = env.gitTag.left(env.gitTag.indexOf(u"{version}"_s));
        prefix.replace(u"{env}"_s, env.name).replace(u"{artifact}"_s, opened->artifact->name);
        if (!prefix.isEmpty() && !prefix.contains(u'{')) {
            if (auto tags = git::tagsWithPrefix(repoPath, prefix)) {
                for (auto it = tags->cbegin(); it != tags->cend(); ++it)
                    fromTags.append(it.key().mid(prefix.size()));
            }
        }
    }
    std::sort(fromTags.begin(), fromTags.end(), [](const QString &a, const QString &b) { return registry::compareVersions(a, b) > 0; });
    for (const QString &v : fromTags) {
        if (current.isEmpty() || registry::compareVersions(v, current) < 0)
            add(v);
    }
    for (const QString &v : facts.versionsNewestFirst()) {
        if (current.isEmpty() || registry::compareVersions(v, current) < 0)
            add(v);
    }
    return candidates;
}

Result<PlannedRelease> planRollback(const PlanningContext &context, const RollbackRequest &request)
{
    auto opened = openArtifact(context, request.artifact, request.environment);
    if (!opened)
        return std::unexpected(opened.error());
    const ImageFacts &facts = opened->facts;
    Change change;
    change.action = u"rollback"_s;
    change.artifact = opened->artifact;
    change.environment = opened->environment;
    change.currentDigest = facts.digestOf.value(opened->environment->tag);
    change.current = change.currentDigest.isEmpty() ? QString() : facts.versionOf(change.currentDigest);
    if (change.currentDigest.isEmpty())
        return fail(Error::Domain::Usage, u"%1 runs no version of %2, so there is nothing to roll back"_s.arg(opened->environment->name, opened->artifact->name));
    QStringList candidates;
    auto listed = rollbackCandidates(context, request.artifact, request.environment, change.current);
    if (!listed)
        return std::unexpected(listed.error());
    candidates = *listed;
    if (!request.version.isEmpty()) {
        change.version = request.version;
    } else {
        if (candidates.isEmpty())
            return fail(Error::Domain::Release, u"%1 has no earlier version of %2 to roll back to"_s.arg(opened->environment->name, opened->artifact->name));
        change.version = candidates.takeFirst();
    }
    change.digest = facts.digestOf.value(change.version);
    if (change.digest.isEmpty())
        return fail(Error::Domain::Usage, u"%1 has no version %2 in the registry"_s.arg(opened->artifact->name, change.version.left(128)));
    if (change.digest == change.currentDigest)
        return fail(Error::Domain::Usage, u"%1 already runs %2 of %3"_s.arg(opened->environment->name, change.version, opened->artifact->name));
    auto planned = buildPlan(context, *opened->backend, facts, change);
    if (!planned)
        return planned;
    candidates.removeAll(change.version);
    planned->olderVersions = candidates;
    return planned;
}

} // namespace rd::release
