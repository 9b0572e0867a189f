// SPDX-License-Identifier: GPL-3.0-or-later
// The promote/rollback planner on the demo workspace (an OCI-layout registry and a git
// repository on disk — real formats, no server): what a plan contains and in which order,
// from → to, refusals (diverged branch, existing tag elsewhere, protected branch with a
// remote), usage errors; and the pieces it rests on: the workspace keys it reads, pointTag in
// an OCI layout, the deployment state file (round trip, hostile content).
#include "processrun.h"

#include "config/workspaceloader.h"
#include "demo/demoworkspace.h"
#include "git/refupdates.h"
#include "git/repository.h"
#include "registry/ocilayout.h"
#include "release/deploymentstate.h"
#include "release/releaseplanner.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rd;
using namespace rd::release;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

struct Demo
{
    QTemporaryDir dir;
    QString file;
    std::optional<config::Workspace> workspace;

    bool create(const QList<std::pair<QByteArray, QByteArray>> &edits = {})
    {
        auto created = demo::createDemoWorkspace(dir.path());
        if (!created)
            return false;
        // Each workspace its own audit log (and promotion locks next to it): policy rules such
        // as min_interval must not see another test's promotions.
        qputenv("RELEASEDECK_AUDIT_DB", QDir(dir.path()).filePath(u"audit.sqlite"_s).toUtf8());
        file = *created;
        QByteArray yaml = readAll(file);
        for (const auto &[before, after] : edits) {
            if (!yaml.contains(before))
                return false;
            yaml.replace(before, after);
        }
        if (!writeAll(file, yaml))
            return false;
        auto loaded = config::loadWorkspace(file);
        if (!loaded) {
            for (const Error &e : loaded.error())
                qWarning() << e.toString();
            return false;
        }
        workspace = *loaded;
        return true;
    }
    QString path(const QString &relative) const { return QDir(dir.path()).filePath(relative); }
    PlanningContext context() const
    {
        PlanningContext c;
        c.workspace = &*workspace;
        c.hosts = [](const config::DeployStep &) -> Result<std::shared_ptr<ssh::CommandHost>> {
            return fail(Error::Domain::Ssh, u"planning runs nothing"_s);
        };
        return c;
    }
    QString commitOf(const QString &version) const
    {
        registry::OciLayoutBackend backend(path(u"registry"_s));
        auto digest = backend.resolveTag(u"hockey/api"_s, version);
        auto config = digest ? backend.imageConfig(u"hockey/api"_s, *digest) : Result<registry::ImageConfig>(std::unexpected(digest.error()));
        return config ? config->revision() : QString();
    }
};

QStringList kinds(const Plan &plan)
{
    QStringList result;
    for (const auto &step : plan.steps)
        result.append(step->kind());
    return result;
}

} // namespace

class TestPlanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void promotePlanDefaultsToThePreviousEnvironment()
    {
        Demo demo;
        QVERIFY(demo.create());
        auto planned = planPromotion(demo.context(), PromoteRequest{u"api"_s, u"qa"_s, {}, {}});
        QVERIFY2(planned, qPrintable(planned ? QString() : planned.error().message));
        QCOMPARE(planned->plan.action, u"promote"_s);
        QCOMPARE(planned->plan.from, u"v1.5.1"_s);
        QCOMPARE(planned->plan.to, u"v1.6.0"_s);
        QCOMPARE(planned->commit, demo.commitOf(u"v1.6.0"_s));
        const QStringList k = kinds(planned->plan);
        QCOMPARE(k.first(), u"registry-retag"_s);
        QVERIFY(k.contains(u"git-tag"_s));
        QVERIFY(!k.contains(u"git-push"_s));          // the demo repository has no remote
        QCOMPARE(k.at(k.size() - 2), u"local"_s);
        QCOMPARE(k.last(), u"wait-healthy"_s);
        QVERIFY2(planned->plan.steps.first()->description().startsWith(u"Point registry tag hockey/api:qa at v1.6.0"_s),
                 qPrintable(planned->plan.steps.first()->description()));
        const QString deploy = planned->plan.steps.at(k.indexOf(u"local"_s))->description();
        QVERIFY2(deploy.contains(u"echo 'v1.6.0' > state/qa/"_s), qPrintable(deploy));
        QVERIFY(planned->plan.steps.at(k.indexOf(u"local"_s))->canUndo());
        QVERIFY(planned->olderVersions.contains(u"v1.5.0"_s));
        // Planning changed nothing.
        QCOMPARE(registry::OciLayoutBackend(demo.path(u"registry"_s)).resolveTag(u"hockey/api"_s, u"qa"_s).value(),
                 registry::OciLayoutBackend(demo.path(u"registry"_s)).resolveTag(u"hockey/api"_s, u"v1.5.1"_s).value());
        auto tag = git::tagCommit(demo.path(u"repo"_s), u"qa-v1.6.0"_s);
        QVERIFY(tag && !tag->has_value());
    }

    void promoteOptionsAndUsageErrors()
    {
        Demo demo;
        QVERIFY(demo.create());
        auto fromDev = planPromotion(demo.context(), PromoteRequest{u"api"_s, u"prod"_s, u"dev"_s, {}});
        QVERIFY(fromDev);
        QCOMPARE(fromDev->plan.to, u"v1.6.0"_s);
        QCOMPARE(fromDev->plan.from, u"v1.5.0"_s);
        QVERIFY(fromDev->plan.warnings.join(u' ').contains(u"prod is protected"_s));
        auto chosen = planPromotion(demo.context(), PromoteRequest{u"api"_s, u"dev"_s, {}, u"v1.5.0"_s});
        QVERIFY(chosen);
        QCOMPARE(chosen->plan.to, u"v1.5.0"_s);

        const QList<std::pair<PromoteRequest, QString>> bad{
            {{u"api"_s, u"dev"_s, {}, {}}, u"first environment"_s},
            {{u"nope"_s, u"qa"_s, {}, {}}, u"'nope' is not an artifact"_s},
            {{u"api"_s, u"moon"_s, {}, {}}, u"'moon' is not an environment"_s},
            {{u"api"_s, u"qa"_s, u"qa"_s, {}}, u"to itself"_s},
            {{u"api"_s, u"qa"_s, {}, u"v9.9.9"_s}, u"no version v9.9.9"_s},
            {{u"api"_s, u"qa"_s, u"dev"_s, u"v1.5.0"_s}, u"dev does not run v1.5.0"_s},
            {{u"api"_s, u"staging"_s, u"qa"_s, {}}, u"already runs"_s},
            {{u"worker"_s, u"staging"_s, u"prod"_s, {}}, u"runs no version"_s},
        };
        for (const auto &[request, expected] : bad) {
            auto planned = planPromotion(demo.context(), request);
            QVERIFY2(!planned, qPrintable(expected));
            QVERIFY2(planned.error().message.contains(expected), qPrintable(planned.error().message));
            QVERIFY(planned.error().code != RefusedCode);
        }
    }

    void divergedBranchIsRefusedUnlessMergeIsOn()
    {
        for (const bool merge : {false, true}) {
            Demo demo;
            QVERIFY(demo.create(merge ? QList<std::pair<QByteArray, QByteArray>>{{"    tag: qa\n", "    tag: qa\n    merge: true\n"}}
                                      : QList<std::pair<QByteArray, QByteArray>>{}));
            // env/qa gets a commit of its own on top of v1.5.1's: no longer an ancestor of v1.6.0's.
            auto repo = git::Repository::open(demo.path(u"repo"_s));
            QVERIFY(repo);
            const QString base = demo.commitOf(u"v1.5.1"_s);
            const QString mainTip = repo->branchTip(u"main"_s).value();
            // commitFiles commits on HEAD's branch (main, checked out: moved with a plain ref update).
            QVERIFY(git::updateBranch(demo.path(u"repo"_s), u"main"_s, mainTip, base));
            auto own = repo->commitFiles({{u"qa-only.txt"_s, QByteArray("hotfix\n")}},
                                         git::Signature{u"t"_s, u"t@example.org"_s, QDateTime::currentDateTime()}, u"qa hotfix"_s);
            QVERIFY(own);
            QVERIFY(repo->setBranch(u"env/qa"_s, *own));
            QVERIFY(git::updateBranch(demo.path(u"repo"_s), u"main"_s, *own, mainTip));
            auto planned = planPromotion(demo.context(), PromoteRequest{u"api"_s, u"qa"_s, {}, {}});
            auto move = git::classifyBranchMove(demo.path(u"repo"_s), *own, demo.commitOf(u"v1.6.0"_s));
            QVERIFY(move);
            QCOMPARE(*move, git::BranchMove::Diverged);
            if (!merge) {
                QVERIFY(!planned);
                QCOMPARE(planned.error().code, RefusedCode);
                QVERIFY2(planned.error().message.contains(u"merge: true"_s), qPrintable(planned.error().message));
            } else {
                QVERIFY2(planned, qPrintable(planned ? QString() : planned.error().message));
                QVERIFY(kinds(planned->plan).contains(u"git-branch"_s));
                QVERIFY(planned->plan.steps.at(kinds(planned->plan).indexOf(u"git-branch"_s))->description().startsWith(u"Merge commit"_s));
            }
        }
    }

    void tagOnAnotherCommitIsRefused()
    {
        Demo demo;
        QVERIFY(demo.create());
        auto repo = git::Repository::open(demo.path(u"repo"_s));
        QVERIFY(repo);
        QVERIFY(repo->createTag(u"qa-v1.6.0"_s, demo.commitOf(u"v1.5.0"_s),
                                git::Signature{u"t"_s, u"t@example.org"_s, QDateTime::currentDateTime()}, u"elsewhere"_s));
        auto planned = planPromotion(demo.context(), PromoteRequest{u"api"_s, u"qa"_s, {}, {}});
        QVERIFY(!planned);
        QCOMPARE(planned.error().code, RefusedCode);
        QVERIFY(planned.error().message.contains(u"qa-v1.6.0"_s));
    }

    void protectedBranchIsNotPushedDirectly()
    {
        Demo demo;
        QVERIFY(demo.create());
        // Any remote will do: the refusal comes before anything is read from it.
        QTemporaryDir remote;
        QVERIFY(git::Repository::init(remote.path()));
        QVERIFY(QFile::copy(demo.path(u"repo/.git/config"_s), demo.path(u"repo/.git/config.orig"_s)));
        QFile config(demo.path(u"repo/.git/config"_s));
        QVERIFY(config.open(QIODevice::Append));
        config.write("[remote \"origin\"]\n\turl = " + remote.path().toUtf8() + "\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n");
        config.close();
        auto planned = planPromotion(demo.context(), PromoteRequest{u"api"_s, u"prod"_s, u"dev"_s, {}});
        if (planned && !kinds(planned->plan).contains(u"git-branch"_s))
            QSKIP("env/prod already contains v1.6.0's commit in this demo; nothing would be pushed to it");
        QVERIFY(!planned);
        QCOMPARE(planned.error().code, RefusedCode);
        QVERIFY2(planned.error().message.contains(u"pull request"_s), qPrintable(planned.error().message));
        QVERIFY2(planned.error().message.contains(u"configure 'pull_request'"_s), qPrintable(planned.error().message));
    }

    // A protected environment with pull_request: the plan pushes a promotion branch, opens a
    // pull request, merges it (merge: true) and tags — or, with merge: false, stops after
    // opening it, changing nothing else. Planning reads the remote but contacts no forge.
    void protectedBranchThroughPullRequest_data()
    {
        QTest::addColumn<bool>("merge");
        QTest::addColumn<QString>("forge");
        QTest::newRow("github, merge") << true << u"github"_s;
        QTest::newRow("gitlab, merge") << true << u"gitlab"_s;
        QTest::newRow("github, review only") << false << u"github"_s;
    }
    void protectedBranchThroughPullRequest()
    {
        QFETCH(bool, merge);
        QFETCH(QString, forge);
        Demo demo;
        const QByteArray settings = "    protected: true\n    pull_request: {forge: " + forge.toUtf8()
            + ", api: \"http://127.0.0.1:9\", project: hockey/site, token: env:RD_TEST_FORGE_TOKEN, merge: "
            + (merge ? "true" : "false") + "}\n    also_tag: [latest]\n";
        QVERIFY(demo.create({{"    protected: true\n", settings}}));
        // env/prod at v1.5.0's commit, so promoting v1.6.0 moves it forward; a bare clone as origin.
        const QString repo = demo.path(u"repo"_s);
        const QString oldTip = demo.commitOf(u"v1.5.0"_s);
        const QString target = demo.commitOf(u"v1.6.0"_s);
        QVERIFY(rd::test::runProcess(u"git"_s, {u"-C"_s, repo, u"update-ref"_s, u"refs/heads/env/prod"_s, oldTip}).exitCode == 0);
        QCOMPARE(git::classifyBranchMove(repo, oldTip, target).value(), git::BranchMove::FastForward);
        const QString remote = demo.path(u"remote.git"_s);
        QVERIFY(rd::test::runProcess(u"git"_s, {u"clone"_s, u"--bare"_s, u"-q"_s, repo, remote}).exitCode == 0);
        QVERIFY(rd::test::runProcess(u"git"_s, {u"-C"_s, repo, u"remote"_s, u"add"_s, u"origin"_s, remote}).exitCode == 0);

        auto planned = planPromotion(demo.context(), PromoteRequest{u"api"_s, u"prod"_s, u"dev"_s, {}});
        QVERIFY2(planned, qPrintable(planned ? QString() : planned.error().message));
        const QStringList k = kinds(planned->plan);
        const QString term = forge == u"github" ? u"pull request"_s : u"merge request"_s;
        auto sentence = [&](const QString &kind) { return planned->plan.steps.at(k.indexOf(kind))->description(); };
        if (merge) {
            QCOMPARE(k.mid(0, 7).join(u'|'), (QStringList{u"registry-retag"_s, u"registry-retag"_s, u"git-push-branch"_s, u"pull-request"_s,
                                                          u"pull-request-merge"_s, u"git-tag"_s, u"git-push"_s}).join(u'|'));
            QVERIFY(!planned->awaitsReview);
            QVERIFY(!k.contains(u"git-branch"_s));     // the local env/prod is not moved: the forge moves the remote one
            QVERIFY2(sentence(u"pull-request-merge"_s).contains(u"cannot be taken back"_s), qPrintable(sentence(u"pull-request-merge"_s)));
            QVERIFY(!planned->plan.steps.at(k.indexOf(u"pull-request-merge"_s))->canUndo());
            QVERIFY2(sentence(u"pull-request-merge"_s).contains(u"only if its head is still at "_s + target.left(12)), qPrintable(sentence(u"pull-request-merge"_s)));
            QVERIFY2(sentence(u"git-push"_s).contains(u"tag prod-v1.6.0"_s), qPrintable(sentence(u"git-push"_s)));
            QVERIFY(!sentence(u"git-push"_s).contains(u"branch env/prod"_s));
            QCOMPARE(planned->plan.steps.at(1)->description().left(35), u"Point registry tag hockey/api:lates"_s);
            QVERIFY(planned->plan.steps.at(1)->canUndo());
            QCOMPARE(k.last(), u"wait-healthy"_s);
        } else {
            QCOMPARE(k.join(u'|'), (QStringList{u"git-push-branch"_s, u"pull-request"_s}).join(u'|'));
            QVERIFY(planned->awaitsReview);
            QVERIFY2(sentence(u"pull-request"_s).contains(u"left open for review"_s), qPrintable(sentence(u"pull-request"_s)));
            QVERIFY2(planned->plan.warnings.join(u' ').contains(u"wait until it is merged"_s), qPrintable(planned->plan.warnings.join(u' ')));
        }
        QCOMPARE(sentence(u"git-push-branch"_s),
                 u"Push a new branch releasedeck/prod/api-v1.6.0 at commit %1 to remote 'origin' of repository hockey."_s.arg(target.left(12)));
        QVERIFY2(sentence(u"pull-request"_s).startsWith(u"Open a %1 in %2 project hockey/site from releasedeck/prod/api-v1.6.0 into env/prod"_s
                                                             .arg(term, forge == u"github" ? u"GitHub"_s : u"GitLab"_s)),
                 qPrintable(sentence(u"pull-request"_s)));
        QVERIFY(planned->plan.steps.at(k.indexOf(u"git-push-branch"_s))->canUndo());
        QVERIFY(planned->plan.steps.at(k.indexOf(u"pull-request"_s))->canUndo());
        // Planning changed nothing on the remote.
        QCOMPARE(rd::test::runProcess(u"git"_s, {u"-C"_s, remote, u"for-each-ref"_s, u"refs/heads/releasedeck"_s}).out.trimmed(), QString());

        // The branch already on the remote at another commit: refused, nothing overwritten.
        QVERIFY(rd::test::runProcess(u"git"_s, {u"-C"_s, remote, u"update-ref"_s, u"refs/heads/releasedeck/prod/api-v1.6.0"_s, oldTip}).exitCode == 0);
        auto clash = planPromotion(demo.context(), PromoteRequest{u"api"_s, u"prod"_s, u"dev"_s, {}});
        QVERIFY(!clash);
        QCOMPARE(clash.error().code, RefusedCode);
        QVERIFY2(clash.error().message.contains(u"already has branch releasedeck/prod/api-v1.6.0"_s), qPrintable(clash.error().message));
        // At the promoted commit (an earlier run pushed it): reused, and not deleted on undo.
        QVERIFY(rd::test::runProcess(u"git"_s, {u"-C"_s, remote, u"update-ref"_s, u"refs/heads/releasedeck/prod/api-v1.6.0"_s, target}).exitCode == 0);
        auto again = planPromotion(demo.context(), PromoteRequest{u"api"_s, u"prod"_s, u"dev"_s, {}});
        QVERIFY2(again, qPrintable(again ? QString() : again.error().message));
        const auto &reuse = again->plan.steps.at(kinds(again->plan).indexOf(u"git-push-branch"_s));
        QVERIFY2(reuse->description().contains(u"already at commit"_s), qPrintable(reuse->description()));
        QVERIFY(!reuse->canUndo());

        // A rollback would move the protected branch back, which a pull request cannot do: refused.
        auto back = planRollback(demo.context(), RollbackRequest{u"api"_s, u"prod"_s, u"v1.4.1"_s});
        QVERIFY(!back);
        QCOMPARE(back.error().code, RefusedCode);
        QVERIFY2(back.error().message.contains(u"revert on the forge"_s), qPrintable(back.error().message));
    }

    void pullRequestAndAlsoTagKeys()
    {
        Demo demo;
        QVERIFY(demo.create({{"    protected: true\n", "    protected: true\n    pull_request: {forge: gitlab, project: \"42\", token: keyring:forge/prod}\n"},
                             {"    tag: qa\n", "    tag: qa\n    also_tag: [latest, stable_1.x]\n"}}));
        const config::Environment *prod = demo.workspace->environment(u"prod");
        QVERIFY(prod && prod->pullRequest);
        QVERIFY(prod->pullRequest->forge == config::PullRequest::Forge::GitLab);
        QCOMPARE(prod->pullRequest->api, u"https://gitlab.com/api/v4"_s);
        QCOMPARE(prod->pullRequest->project, u"42"_s);
        QCOMPARE(prod->pullRequest->token, u"keyring:forge/prod"_s);
        QVERIFY(!prod->pullRequest->merge);
        QCOMPARE(demo.workspace->environment(u"qa")->alsoTag.join(u','), u"latest,stable_1.x"_s);
        QVERIFY(demo.workspace->environment(u"staging")->alsoTag.isEmpty());
        QVERIFY(!demo.workspace->environment(u"staging")->pullRequest);

        const QList<std::pair<QByteArray, QString>> bad{
            {"    pull_request: {forge: bitbucket, project: a/b, token: env:T}\n", u"must be github or gitlab"_s},
            {"    pull_request: {forge: github, project: a/b, token: ghp_abcdef}\n", u"must be env:VAR or keyring:NAME"_s},
            {"    pull_request: {forge: github, project: a/b, token: env:T, api: \"http://forge.example.com\"}\n", u"must use https://"_s},
            {"    pull_request: {forge: github, project: a/b, token: env:T, api: \"https://u:p@forge.example.com\"}\n", u"no user name"_s},
            {"    pull_request: {forge: github, project: a, token: env:T}\n", u"OWNER/NAME"_s},
            {"    pull_request: {forge: gitlab, project: \"../x\", token: env:T}\n", u"numeric id or its path"_s},
            {"    pull_request: {forge: github, project: a/b}\n", u"missing required key 'token'"_s},
            {"    pull_request: {forge: github, project: a/b, token: env:T, merge: yes}\n", u"true or false"_s},
            {"    pull_request: {forge: github, project: a/b, token: env:T, reviewers: [x]}\n", u"unknown key 'reviewers'"_s},
            {"    also_tag: [\"bad tag\"]\n", u"not a valid OCI tag"_s},
            {"    also_tag: [qa]\n", u"the registry tag of environment 'qa'"_s},
            {"    also_tag: [prod]\n", u"repeats the tag"_s},
            {"    also_tag: latest\n", u"must be a list"_s},
        };
        for (const auto &[line, expected] : bad) {
            Demo broken;
            QVERIFY(broken.create());
            QByteArray yaml = readAll(broken.file);
            yaml.replace("    protected: true\n", QByteArray("    protected: true\n" + line));
            QVERIFY(writeAll(broken.file, yaml));
            auto loaded = config::loadWorkspace(broken.file);
            QVERIFY2(!loaded, line.constData());
            QString all;
            for (const Error &e : loaded.error())
                all += e.toString() + u'\n';
            QVERIFY2(all.contains(expected), qPrintable(all));
            QVERIFY2(!all.contains(u"ghp_abcdef"_s), qPrintable(all));   // a pasted token is not repeated
        }
        // An environment without a branch cannot take a pull request.
        Demo noBranch;
        QVERIFY(noBranch.create());
        QByteArray yaml = readAll(noBranch.file);
        yaml.replace("    branch: env/prod\n", "");
        yaml.replace("    protected: true\n", "    protected: true\n    pull_request: {forge: github, project: a/b, token: env:T}\n");
        QVERIFY(writeAll(noBranch.file, yaml));
        auto loaded = config::loadWorkspace(noBranch.file);
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().first().message.contains(u"needs the environment's 'branch'"_s), qPrintable(loaded.error().first().message));
        // Nor can an environment that is not protected (its branch is pushed directly).
        Demo unprotected;
        QVERIFY(unprotected.create());
        yaml = readAll(unprotected.file);
        yaml.replace("    tag: qa\n", "    tag: qa\n    pull_request: {forge: github, project: a/b, token: env:T}\n");
        QVERIFY(writeAll(unprotected.file, yaml));
        auto refused = config::loadWorkspace(unprotected.file);
        QVERIFY(!refused);
        QVERIFY2(refused.error().first().message.contains(u"applies only to a protected environment"_s), qPrintable(refused.error().first().message));
    }

    void alsoTagPlansAfterTheEnvironmentTag()
    {
        Demo demo;
        // The demo registry has :latest (an existing tag: taken back by pointing it back); :edge is new.
        QVERIFY(demo.create({{"    tag: qa\n", "    tag: qa\n    also_tag: [latest, edge]\n"}}));
        auto planned = planPromotion(demo.context(), PromoteRequest{u"api"_s, u"qa"_s, {}, {}});
        QVERIFY2(planned, qPrintable(planned ? QString() : planned.error().message));
        QCOMPARE(kinds(planned->plan).mid(0, 3).join(u'|'), u"registry-retag|registry-retag|registry-retag"_s);
        QVERIFY(kinds(planned->plan).at(3).startsWith(u"git-"_s));
        const auto &latest = planned->plan.steps.at(1);
        QVERIFY2(latest->description().startsWith(u"Point registry tag hockey/api:latest at v1.6.0"_s), qPrintable(latest->description()));
        QVERIFY2(latest->description().contains(u"which now points at"_s), qPrintable(latest->description()));
        QVERIFY(latest->canUndo());
        QVERIFY2(latest->undoDescription().startsWith(u"Point registry tag hockey/api:latest back at"_s), qPrintable(latest->undoDescription()));
        const auto &edge = planned->plan.steps.at(2);
        QVERIFY2(edge->description().startsWith(u"Point registry tag hockey/api:edge at v1.6.0"_s), qPrintable(edge->description()));
        QVERIFY2(edge->description().contains(u"which does not exist yet"_s), qPrintable(edge->description()));
        QVERIFY(edge->canUndo());
        QCOMPARE(edge->undoDescription(), u"Delete registry tag hockey/api:edge again (it did not exist before)."_s);
        QVERIFY(planned->plan.warnings.join(u' ').contains(u"hockey/api:edge does not exist yet"_s));
    }

    void rollbackPlanAndCandidates()
    {
        Demo demo;
        QVERIFY(demo.create());
        auto planned = planRollback(demo.context(), RollbackRequest{u"api"_s, u"qa"_s, {}});
        QVERIFY2(planned, qPrintable(planned ? QString() : planned.error().message));
        QCOMPARE(planned->plan.action, u"rollback"_s);
        QCOMPARE(planned->plan.from, u"v1.5.1"_s);
        QCOMPARE(planned->plan.to, u"v1.5.0"_s);
        // Known-good versions recorded in the state file come first.
        FileDeploymentStateStore states(demo.path(u"state.json"_s));
        QVERIFY(states.update(u"api"_s, u"qa"_s, DeploymentPhase::Deployed, u"v1.4.0"_s, {}));
        QVERIFY(states.update(u"api"_s, u"qa"_s, DeploymentPhase::Deployed, u"v1.5.1"_s, u"v1.4.0"_s));
        PlanningContext context = demo.context();
        context.states = &states;
        auto candidates = rollbackCandidates(context, u"api"_s, u"qa"_s, u"v1.5.1"_s);
        QVERIFY(candidates);
        if (registry::OciLayoutBackend(demo.path(u"registry"_s)).resolveTag(u"hockey/api"_s, u"v1.4.0"_s))
            QCOMPARE(candidates->first(), u"v1.4.0"_s);
        QVERIFY(!candidates->contains(u"v1.5.1"_s));
        QVERIFY(!candidates->contains(u"v1.6.0"_s));   // newer registry versions are not rollback targets
        // With rollback steps configured, a rollback runs them instead of the deploy steps.
        Demo withRollback;
        QVERIFY(withRollback.create({{"    tag: qa\n", "    tag: qa\n    rollback:\n      - local: {command: \"echo back to {version}\"}\n"}}));
        auto back = planRollback(withRollback.context(), RollbackRequest{u"api"_s, u"qa"_s, u"v1.5.0"_s});
        QVERIFY(back);
        const QString undo = back->plan.steps.at(kinds(back->plan).indexOf(u"local"_s))->description();
        QVERIFY2(undo.contains(u"echo back to"_s) && undo.contains(u"v1.5.0"_s), qPrintable(undo));
        auto nothing = planRollback(demo.context(), RollbackRequest{u"worker"_s, u"prod"_s, {}});
        QVERIFY(!nothing);
        QVERIFY(nothing.error().message.contains(u"nothing to roll back"_s));
    }

    void workspaceKeysForPromotion()
    {
        Demo demo;
        QVERIFY(demo.create({{"    tag: staging\n", "    tag: staging\n    verify_timeout: 45s\n    git_tag: \"deployed/{env}/{version}\"\n    merge: true\n"
                                                     "    rollback:\n      - ssh: {host: here, command: \"echo {version}\"}\n"}}));
        const config::Environment *staging = demo.workspace->environment(u"staging");
        QVERIFY(staging);
        QCOMPARE(staging->verifyTimeout, std::chrono::seconds(45));
        QCOMPARE(staging->gitTag, u"deployed/{env}/{version}"_s);
        QVERIFY(staging->merge);
        QCOMPARE(staging->rollback.size(), 1);
        QCOMPARE(staging->rollback.first().host, u"here"_s);
        const config::Environment *qa = demo.workspace->environment(u"qa");
        QCOMPARE(qa->verifyTimeout, std::chrono::seconds(120));
        QCOMPARE(qa->gitTag, u"{env}-{version}"_s);
        QVERIFY(!qa->merge);

        Demo bad;
        QVERIFY(bad.create());
        QByteArray yaml = readAll(bad.file);
        yaml.replace("    tag: qa\n", "    tag: qa\n    git_tag: \"a..b {version}\"\n    rollback:\n      - ssh: {host: nowhere, command: x}\n");
        QVERIFY(writeAll(bad.file, yaml));
        auto loaded = config::loadWorkspace(bad.file);
        QVERIFY(!loaded);
        QString all;
        for (const Error &e : loaded.error())
            all += e.toString() + u'\n';
        QVERIFY2(all.contains(u"git_tag"_s), qPrintable(all));
        QVERIFY2(all.contains(u"rollback step 1"_s) && all.contains(u"nowhere"_s), qPrintable(all));
    }

    void ociLayoutPointTag()
    {
        Demo demo;
        QVERIFY(demo.create());
        registry::OciLayoutBackend backend(demo.path(u"registry"_s));
        const QString v150 = backend.resolveTag(u"hockey/api"_s, u"v1.5.0"_s).value();
        const QString v160 = backend.resolveTag(u"hockey/api"_s, u"v1.6.0"_s).value();
        // Refused when the source moved since the plan.
        auto refused = backend.retag(u"hockey/api"_s, u"v1.6.0"_s, u"qa"_s, v150);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(u"not at"_s));
        QCOMPARE(backend.retag(u"hockey/api"_s, u"v1.6.0"_s, u"qa"_s, v160).value(), v160);
        QCOMPARE(registry::OciLayoutBackend(demo.path(u"registry"_s)).resolveTag(u"hockey/api"_s, u"qa"_s).value(), v160);
        QCOMPARE(backend.resolveTag(u"hockey/api"_s, u"qa"_s).value(), v160);   // no stale cache
        QCOMPARE(backend.pointTag(u"hockey/api"_s, u"brand-new"_s, v150).value(), v150);
        QCOMPARE(registry::OciLayoutBackend(demo.path(u"registry"_s)).resolveTag(u"hockey/api"_s, u"brand-new"_s).value(), v150);
        // Other tags are untouched; hostile input is refused before any file is touched.
        QCOMPARE(backend.resolveTag(u"hockey/api"_s, u"v1.5.0"_s).value(), v150);
        QVERIFY(!backend.pointTag(u"../../etc"_s, u"x"_s, v150));
        QVERIFY(!backend.pointTag(u"hockey/api"_s, u"bad tag"_s, v150));
        QVERIFY(!backend.pointTag(u"hockey/api"_s, u"x"_s, u"sha256:00"_s));
        QVERIFY(!backend.pointTag(u"hockey/api"_s, u"x"_s, u"sha256:"_s + QString(64, u'0')));
    }

    void deploymentStateFile()
    {
        QTemporaryDir dir;
        const QString path = QDir(dir.path()).filePath(u"sub/deployments.json"_s);
        FileDeploymentStateStore store(path);
        auto empty = store.state(u"api"_s, u"qa"_s);
        QVERIFY(empty && !empty->has_value());
        QVERIFY(store.update(u"api"_s, u"qa"_s, DeploymentPhase::Deploying, u"v2"_s, u"v1"_s));
        QVERIFY(store.update(u"api"_s, u"qa"_s, DeploymentPhase::Deployed, u"v2"_s, u"v1"_s));
        QVERIFY(store.update(u"api"_s, u"qa"_s, DeploymentPhase::Failed, u"v3"_s, u"v2"_s, u"broke"_s));
        auto state = store.state(u"api"_s, u"qa"_s);
        QVERIFY(state && state->has_value());
        QVERIFY((*state)->phase == DeploymentPhase::Failed);
        QCOMPARE((*state)->version, u"v3"_s);
        QCOMPARE((*state)->message, u"broke"_s);
        QCOMPARE((*state)->knownGood.join(u'|'), (QStringList{u"v2"_s}).join(u'|'));
        for (int i = 0; i < 30; ++i)
            QVERIFY(store.update(u"api"_s, u"qa"_s, DeploymentPhase::Deployed, u"v%1"_s.arg(i), {}));
        QCOMPARE(store.state(u"api"_s, u"qa"_s).value()->knownGood.size(), FileDeploymentStateStore::MaxKnownGood);
        QCOMPARE(store.state(u"api"_s, u"qa"_s).value()->knownGood.first(), u"v29"_s);
        for (const DeploymentPhase phase : {DeploymentPhase::Pending, DeploymentPhase::Deploying, DeploymentPhase::Verifying,
                                            DeploymentPhase::Deployed, DeploymentPhase::Failed, DeploymentPhase::RolledBack})
            QVERIFY(deploymentPhaseFromString(toString(phase)) == phase);

        // Hostile files: not JSON, oversized, wrong types.
        QVERIFY(writeAll(path, "{not json"));
        QVERIFY(!store.state(u"api"_s, u"qa"_s));
        QVERIFY(!store.update(u"api"_s, u"qa"_s, DeploymentPhase::Deployed, u"v1"_s, {}));
        QVERIFY(writeAll(path, QByteArray(FileDeploymentStateStore::MaxFileSize + 1, ' ')));
        QVERIFY(!store.state(u"api"_s, u"qa"_s));
        QVERIFY(writeAll(path, R"({"api/qa": {"phase": 7, "version": ["x"], "known_good": [1, "v1", {}]}})"));
        auto odd = store.state(u"api"_s, u"qa"_s);
        QVERIFY(odd && odd->has_value());
        QVERIFY((*odd)->phase == DeploymentPhase::Pending);
        QCOMPARE((*odd)->knownGood.join(u'|'), (QStringList{u"v1"_s}).join(u'|'));
    }
};

QTEST_GUILESS_MAIN(TestPlanner)
#include "tst_planner.moc"
