// SPDX-License-Identifier: GPL-3.0-or-later
// Promotion into a protected environment through a pull request (GitHub) or merge request
// (GitLab), end to end: the demo workspace with a REAL bare git remote (the promotion branch
// is really pushed, deleted on undo; the environment branch really moves when merged) and a
// STAND-IN for the forge's REST API. No GitHub or GitLab can run on this machine, so
// ForgeStandIn below is a small HTTP server on 127.0.0.1 that answers the handful of API calls
// ReleaseDeck makes the way the forges document them, records every request (method, path,
// headers, body) for the test to check, and — acting as the forge — merges by fast-forwarding
// the environment branch in the real bare repository. Failures are injected per request:
// 401, 422, 500, malformed or oversized JSON, a redirect to another host, a dying forge.
#include "processrun.h"

#include "config/workspaceloader.h"
#include "demo/demoworkspace.h"
#include "forge/forgehttp.h"
#include "git/refupdates.h"
#include "git/repository.h"
#include "registry/ocilayout.h"
#include "release/releaseengine.h"
#include "release/steps/pullrequeststep.h"
#include "release/steps/verifystep.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rd;
using namespace rd::release;

namespace {

constexpr auto Token = "tok-123-secret";
constexpr auto PrBranch = "releasedeck/prod/api-v1.5.1";

QByteArray bearer()
{
    return QByteArray("Bearer ") + QByteArray(Token);
}

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

rd::test::ProcessRun runGit(const QStringList &arguments)
{
    return rd::test::runProcess(u"git"_s, arguments);
}

// The stand-in forge (see the top of this file). Runs on the test's thread: the blocking
// client in the plan step spins a local event loop, which serves it.
class ForgeStandIn : public QObject
{
public:
    enum class Kind { GitHub, GitLab };
    struct Request
    {
        QByteArray method;
        QByteArray target;                     // path and query, exactly as sent
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };
    struct Answer
    {
        int status = 200;
        QByteArray body;
        QByteArray location;
        bool hangUp = false;                   // close without answering
        bool die = false;                      // and stop listening: the forge is gone
    };
    struct Pr
    {
        int number = 0;
        QString head, base, headSha, title, body;
        QString state = u"open"_s;             // open | closed | merged
    };

    explicit ForgeStandIn(Kind kind) : m_kind(kind)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(socket);
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    // The real bare repository this forge hosts.
    void setRepository(const QString &bare) { m_bare = bare; }
    quint16 port() const { return m_server.serverPort(); }
    QString api() const
    {
        return u"http://127.0.0.1:%1%2"_s.arg(port()).arg(m_kind == Kind::GitLab ? u"/api/v4"_s : QString());
    }
    QByteArray prefix() const
    {
        return m_kind == Kind::GitHub ? QByteArrayLiteral("/repos/hockey/site/pulls") : QByteArrayLiteral("/api/v4/projects/hockey%2Fsite/merge_requests");
    }
    void stop()
    {
        m_server.close();
        for (const QPointer<QTcpSocket> &socket : std::as_const(m_sockets)) {
            if (socket)
                socket->abort();
        }
    }

    // Runs first for every request; an answer replaces the forge's own.
    std::function<std::optional<Answer>(const Request &)> inject;
    bool mergeable = true;
    QList<Request> received;
    QList<Pr> prs;

    int count(const QByteArray &method, const QByteArray &pathStart) const
    {
        int n = 0;
        for (const Request &r : received)
            n += r.method == method && r.target.startsWith(pathStart) ? 1 : 0;
        return n;
    }

private:
    void serve(QTcpSocket *socket)
    {
        m_sockets.append(socket);
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            *buffer += socket->readAll();
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            Request request;
            const QList<QByteArray> lines = buffer->left(end).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            request.method = first.value(0);
            request.target = first.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines.at(i).indexOf(':');
                if (colon > 0)
                    request.headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
            }
            const qsizetype length = request.headers.value("content-length", "0").toLongLong();
            if (buffer->size() < end + 4 + length)
                return;
            request.body = buffer->mid(end + 4, length);
            buffer->clear();
            received.append(request);
            Answer answer;
            if (inject) {
                if (auto injected = inject(request))
                    answer = *injected;
                else
                    answer = handle(request);
            } else {
                answer = handle(request);
            }
            if (answer.die) {
                stop();
                return;
            }
            if (answer.hangUp) {
                socket->abort();
                return;
            }
            QByteArray head = "HTTP/1.1 " + QByteArray::number(answer.status) + " X\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + "Content-Length: " + QByteArray::number(answer.body.size()) + "\r\n";
            if (!answer.location.isEmpty())
                head += "Location: " + answer.location + "\r\n";
            socket->write(QByteArray(head + "\r\n" + answer.body));
            socket->disconnectFromHost();
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }

    static Answer json(int status, const QJsonValue &value)
    {
        return Answer{status, value.isArray() ? QJsonDocument(value.toArray()).toJson() : QJsonDocument(value.toObject()).toJson(), {}, false, false};
    }

    QJsonObject toJson(const Pr &pr) const
    {
        if (m_kind == Kind::GitHub) {
            return QJsonObject{{u"number"_s, pr.number},
                               {u"html_url"_s, u"https://github.example/hockey/site/pull/%1"_s.arg(pr.number)},
                               {u"state"_s, pr.state == u"open" ? u"open"_s : u"closed"_s},
                               {u"merged"_s, pr.state == u"merged"},
                               {u"merged_at"_s, pr.state == u"merged" ? QJsonValue(u"2026-12-02T00:00:00Z"_s) : QJsonValue()},
                               {u"mergeable"_s, mergeable},
                               {u"title"_s, pr.title},
                               {u"head"_s, QJsonObject{{u"ref"_s, pr.head}, {u"sha"_s, pr.headSha}}},
                               {u"base"_s, QJsonObject{{u"ref"_s, pr.base}}}};
        }
        return QJsonObject{{u"iid"_s, pr.number},
                           {u"web_url"_s, u"https://gitlab.example/hockey/site/-/merge_requests/%1"_s.arg(pr.number)},
                           {u"state"_s, pr.state == u"open" ? u"opened"_s : pr.state},
                           {u"source_branch"_s, pr.head},
                           {u"target_branch"_s, pr.base},
                           {u"sha"_s, pr.headSha},
                           {u"detailed_merge_status"_s, mergeable ? u"mergeable"_s : u"conflict"_s},
                           {u"merge_commit_sha"_s, pr.state == u"merged" ? QJsonValue(pr.headSha) : QJsonValue()}};
    }

    Answer handle(const Request &request)
    {
        if (request.headers.value("authorization") != bearer())
            return json(401, QJsonObject{{u"message"_s, u"Bad credentials"_s}});
        const QByteArray path = request.target.left(request.target.indexOf('?') < 0 ? request.target.size() : request.target.indexOf('?'));
        const QByteArray query = request.target.indexOf('?') < 0 ? QByteArray() : request.target.mid(request.target.indexOf('?') + 1);
        if (!path.startsWith(prefix()))
            return json(404, QJsonObject{{u"message"_s, u"Not Found"_s}});
        const QByteArray rest = path.mid(prefix().size());
        const bool github = m_kind == Kind::GitHub;
        if (rest.isEmpty() && request.method == "GET") {
            QJsonArray list;
            const QString wantedHead = QUrl::fromPercentEncoding(github ? queryValue(query, "head") : queryValue(query, "source_branch"));
            for (const Pr &pr : std::as_const(prs)) {
                const QString head = github ? u"hockey:"_s + pr.head : pr.head;
                if (pr.state == u"open" && (wantedHead.isEmpty() || head == wantedHead))
                    list.append(toJson(pr));
            }
            return json(200, list);
        }
        if (rest.isEmpty() && request.method == "POST") {
            const QJsonObject body = request.json();
            Pr pr;
            pr.head = body.value(github ? u"head"_s : u"source_branch"_s).toString();
            pr.base = body.value(github ? u"base"_s : u"target_branch"_s).toString();
            pr.title = body.value(u"title"_s).toString();
            pr.body = body.value(github ? u"body"_s : u"description"_s).toString();
            for (const Pr &open : std::as_const(prs)) {
                if (open.state == u"open" && open.head == pr.head) {
                    if (github)
                        return json(422, QJsonObject{{u"message"_s, u"Validation Failed"_s},
                                                     {u"errors"_s, QJsonArray{QJsonObject{{u"message"_s, u"A pull request already exists for hockey:%1."_s.arg(pr.head)}}}}});
                    return json(409, QJsonObject{{u"message"_s, QJsonArray{u"Another open merge request already exists for this source branch: !%1"_s.arg(open.number)}}});
                }
            }
            auto sha = git::referenceId(m_bare, u"refs/heads/"_s + pr.head);
            if (!sha || !sha->has_value())
                return json(422, QJsonObject{{u"message"_s, u"Validation Failed"_s}, {u"errors"_s, QJsonArray{QJsonObject{{u"message"_s, u"head does not exist"_s}}}}});
            pr.headSha = **sha;
            pr.number = int(prs.size()) + 1;
            prs.append(pr);
            return json(201, toJson(pr));
        }
        bool ok = false;
        const QList<QByteArray> parts = rest.mid(1).split('/');
        const int number = parts.value(0).toInt(&ok);
        if (!ok || number < 1 || number > prs.size())
            return json(404, QJsonObject{{u"message"_s, u"Not Found"_s}});
        Pr &pr = prs[number - 1];
        if (parts.size() == 1 && request.method == "GET")
            return json(200, toJson(pr));
        if (parts.size() == 1 && (request.method == "PATCH" || request.method == "PUT")) {
            const QJsonObject body = request.json();
            if (body.value(github ? u"state"_s : u"state_event"_s).toString() == (github ? u"closed"_s : u"close"_s) && pr.state == u"open")
                pr.state = u"closed"_s;
            return json(200, toJson(pr));
        }
        if (parts.size() == 2 && parts.at(1) == "merge" && request.method == "PUT") {
            if (pr.state != u"open" || !mergeable)
                return json(405, QJsonObject{{u"message"_s, u"Pull Request is not mergeable"_s}});
            if (request.json().value(u"sha"_s).toString() != pr.headSha)
                return json(409, QJsonObject{{u"message"_s, u"Head branch was modified. Review and try the merge again."_s}});
            if (!mergeInRepository(pr))
                return json(405, QJsonObject{{u"message"_s, u"Base branch cannot be fast-forwarded"_s}});
            if (github)
                return json(200, QJsonObject{{u"sha"_s, pr.headSha}, {u"merged"_s, true}, {u"message"_s, u"Pull Request successfully merged"_s}});
            return json(200, toJson(pr));
        }
        return json(404, QJsonObject{{u"message"_s, u"Not Found"_s}});
    }

public:
    // What the forge does on merge: the environment branch of the real bare repository
    // fast-forwards to the request's head (the stand-in makes no merge commits).
    bool mergeInRepository(Pr &pr)
    {
        auto base = git::referenceId(m_bare, u"refs/heads/"_s + pr.base);
        if (!base || !base->has_value())
            return false;
        auto move = git::classifyBranchMove(m_bare, **base, pr.headSha);
        if (!move || *move != git::BranchMove::FastForward || !git::updateBranch(m_bare, pr.base, **base, pr.headSha))
            return false;
        pr.state = u"merged"_s;
        return true;
    }

private:
    static QByteArray queryValue(const QByteArray &query, const QByteArray &name)
    {
        for (const QByteArray &pair : query.split('&')) {
            if (pair.startsWith(QByteArray(name + '=')))
                return pair.mid(name.size() + 1);
        }
        return {};
    }

    Kind m_kind;
    QString m_bare;
    QTcpServer m_server;
    QList<QPointer<QTcpSocket>> m_sockets;
};

// The demo workspace with prod protected and changed through the stand-in forge; env/prod at
// v1.5.0's commit on a real bare remote, so promoting staging's v1.5.1 fast-forwards it.
struct Setup
{
    QTemporaryDir dir;
    QString file;
    QString repo;
    QString remote;
    QString oldTip;    // env/prod before
    QString target;    // v1.5.1's commit
    std::optional<config::Workspace> workspace;

    QString path(const QString &relative) const { return QDir(dir.path()).filePath(relative); }

    bool create(const QString &forge, const QString &api, bool merge)
    {
        auto created = demo::createDemoWorkspace(dir.path());
        if (!created)
            return false;
        qputenv("RELEASEDECK_AUDIT_DB", path(u"audit.sqlite"_s).toUtf8());
        qputenv("RD_TEST_FORGE_TOKEN", Token);
        file = *created;
        QByteArray yaml = readAll(file);
        const QByteArray settings = "    protected: true\n    pull_request: {forge: " + forge.toUtf8() + ", api: \"" + api.toUtf8()
            + "\", project: hockey/site, token: env:RD_TEST_FORGE_TOKEN, merge: " + (merge ? "true" : "false") + "}\n";
        if (!yaml.contains("    protected: true\n"))
            return false;
        yaml.replace("    protected: true\n", settings);
        if (!writeAll(file, yaml))
            return false;
        repo = path(u"repo"_s);
        oldTip = commitOf(u"v1.5.0"_s);
        target = commitOf(u"v1.5.1"_s);
        if (oldTip.isEmpty() || target.isEmpty())
            return false;
        remote = path(u"remote.git"_s);
        if (runGit({u"-C"_s, repo, u"update-ref"_s, u"refs/heads/env/prod"_s, oldTip}).exitCode != 0
            || runGit({u"clone"_s, u"--bare"_s, u"-q"_s, repo, remote}).exitCode != 0
            || runGit({u"-C"_s, repo, u"remote"_s, u"add"_s, u"origin"_s, remote}).exitCode != 0)
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
    QString commitOf(const QString &version) const
    {
        registry::OciLayoutBackend backend(path(u"registry"_s));
        auto digest = backend.resolveTag(u"hockey/api"_s, version);
        if (!digest)
            return {};
        auto config = backend.imageConfig(u"hockey/api"_s, *digest);
        return config ? config->revision() : QString();
    }
    QString remoteTip(const QString &ref) const
    {
        return runGit({u"-C"_s, remote, u"rev-parse"_s, u"-q"_s, u"--verify"_s, ref}).out.trimmed();
    }
    QString layoutDigest(const QString &tag) const
    {
        auto digest = registry::OciLayoutBackend(path(u"registry"_s)).resolveTag(u"hockey/api"_s, tag);
        return digest ? *digest : QString();
    }
    QString deployed() const { return QString::fromUtf8(readAll(path(u"state/prod/api.version"_s))).trimmed(); }
    std::optional<DeploymentPhase> phase() const
    {
        FileDeploymentStateStore states(FileDeploymentStateStore::defaultPath(dir.path()));
        auto state = states.state(u"api"_s, u"prod"_s);
        if (!state || !state->has_value())
            return std::nullopt;
        return (*state)->phase;
    }
};

struct Run
{
    std::optional<PlannedRelease> planned;
    ReleaseOutcome outcome;
    QStringList lines;
    QString planError;
};

Run promoteProd(const Setup &setup)
{
    Run run;
    ReleaseEngine engine(*setup.workspace);
    auto planned = engine.planPromotion(PromoteRequest{u"api"_s, u"prod"_s, u"staging"_s, {}});
    if (!planned) {
        run.planError = planned.error().message;
        return run;
    }
    if (auto admitted = engine.admit(*planned, Admission{u"prod"_s, {}}); !admitted) {
        run.planError = u"refused: "_s + admitted.error().message;
        return run;
    }
    run.planned = *planned;
    run.outcome = engine.execute(*planned, [&run](const Plan &, const StepEvent &e) {
        if (e.kind == StepEvent::Kind::Output || e.kind == StepEvent::Kind::Failed || e.kind == StepEvent::Kind::UndoFailed)
            run.lines.append(e.text);
    });
    return run;
}

QStringList kinds(const Plan &plan)
{
    QStringList result;
    for (const auto &step : plan.steps)
        result.append(step->kind());
    return result;
}

} // namespace

class TestForge : public QObject
{
    Q_OBJECT

    struct World
    {
        Setup setup;
        ForgeStandIn standIn;
        explicit World(ForgeStandIn::Kind kind) : standIn(kind) {}
        bool create(bool merge)
        {
            if (!standIn.listen())
                return false;
            if (!setup.create(standIn.prefix().startsWith("/repos") ? u"github"_s : u"gitlab"_s, standIn.api(), merge))
                return false;
            standIn.setRepository(setup.remote);
            return true;
        }
    };

    static void checkNothingChanged(const World &w, const QString &prodDigest, const QString &prodDeployed)
    {
        QCOMPARE(w.setup.remoteTip(u"refs/heads/env/prod"_s), w.setup.oldTip);
        QCOMPARE(w.setup.remoteTip(QString::fromLatin1(PrBranch).prepend(u"refs/heads/"_s)), QString());   // the pushed branch was deleted
        QCOMPARE(w.setup.remoteTip(u"refs/tags/prod-v1.5.1"_s), QString());
        QCOMPARE(w.setup.layoutDigest(u"prod"_s), prodDigest);
        QCOMPARE(w.setup.deployed(), prodDeployed);
        auto repo = git::Repository::open(w.setup.repo);
        QVERIFY(repo);
        QCOMPARE(repo->branchTip(u"env/prod"_s).value_or(QString()), w.setup.oldTip);
        auto tag = git::tagCommit(w.setup.repo, u"prod-v1.5.1"_s);
        QVERIFY(tag && !tag->has_value());
    }

private Q_SLOTS:
    void initTestCase()
    {
        VerifyStep::pollInterval = std::chrono::milliseconds(100);
        PullRequestMergeStep::mergeableInterval = std::chrono::milliseconds(20);
        forge::ForgeHttp::retryBackoff = std::chrono::milliseconds(20);
        forge::ForgeHttp::requestTimeout = std::chrono::milliseconds(20'000);
    }

    void mergedPromotion_data()
    {
        QTest::addColumn<bool>("github");
        QTest::newRow("GitHub") << true;
        QTest::newRow("GitLab") << false;
    }

    // merge: true: branch pushed, request opened with the right JSON and token, merged by the
    // forge (the real env/prod moves), environment tag pushed, registry retagged, deployed.
    void mergedPromotion()
    {
        QFETCH(bool, github);
        World w(github ? ForgeStandIn::Kind::GitHub : ForgeStandIn::Kind::GitLab);
        QVERIFY(w.create(true));
        const Run run = promoteProd(w.setup);
        QVERIFY2(run.planError.isEmpty(), qPrintable(run.planError));
        QCOMPARE(kinds(run.planned->plan).mid(0, 6).join(u'|'),
                 (QStringList{u"registry-retag"_s, u"git-push-branch"_s, u"pull-request"_s, u"pull-request-merge"_s, u"git-tag"_s, u"git-push"_s}).join(u'|'));
        QVERIFY2(run.outcome.succeeded(), qPrintable(run.outcome.message + u'\n' + run.lines.join(u'\n')));

        // The request the forge received.
        const QByteArray pulls = w.standIn.prefix();
        QCOMPARE(w.standIn.count("POST", pulls), 1);
        const ForgeStandIn::Request *open = nullptr;
        for (const auto &r : w.standIn.received) {
            QCOMPARE(r.headers.value("authorization"), bearer());
            if (r.method == "POST")
                open = &r;
        }
        QVERIFY(open);
        QCOMPARE(open->target, pulls);
        const QJsonObject body = open->json();
        QCOMPARE(body.value(github ? u"head"_s : u"source_branch"_s).toString(), QString::fromLatin1(PrBranch));
        QCOMPARE(body.value(github ? u"base"_s : u"target_branch"_s).toString(), u"env/prod"_s);
        QCOMPARE(body.value(u"title"_s).toString(), u"Promote api v1.5.1 to prod"_s);
        const QString description = body.value(github ? u"body"_s : u"description"_s).toString();
        QVERIFY2(description.contains(u"v1.5.0 \u2192 v1.5.1"_s) && description.contains(w.setup.target.left(12)), qPrintable(description));
        QVERIFY2(description.contains(u"Changes in services/api:"_s), qPrintable(description));
        QCOMPARE(w.standIn.count("PUT", pulls + "/1/merge"), 1);
        for (const auto &r : w.standIn.received) {
            if (r.method == "PUT" && r.target.endsWith("/merge"))
                QCOMPARE(r.json().value(u"sha"_s).toString(), w.setup.target);
        }

        // The world afterwards: the forge moved env/prod; ReleaseDeck tagged, retagged, deployed.
        QCOMPARE(w.setup.remoteTip(u"refs/heads/env/prod"_s), w.setup.target);
        QCOMPARE(w.setup.remoteTip(QString::fromLatin1(PrBranch).prepend(u"refs/heads/"_s)), w.setup.target);
        QCOMPARE(w.setup.remoteTip(u"refs/tags/prod-v1.5.1^{commit}"_s), w.setup.target);
        QCOMPARE(w.setup.layoutDigest(u"prod"_s), w.setup.layoutDigest(u"v1.5.1"_s));
        QCOMPARE(w.setup.deployed(), u"v1.5.1"_s);
        QVERIFY(w.setup.phase() == DeploymentPhase::Deployed);
        QVERIFY2(run.lines.join(u'\n').contains(github ? u"pull request #1 merged into env/prod"_s : u"merge request !1 merged into env/prod"_s),
                 qPrintable(run.lines.join(u'\n')));
        // The token appears nowhere a person reads.
        QVERIFY(!run.outcome.message.contains(QString::fromLatin1(Token)));
        QVERIFY(!run.lines.join(u'\n').contains(QString::fromLatin1(Token)));
    }

    // merge: false: the promotion ends with the request open; nothing else changes and the
    // result says so.
    void reviewOnlyLeavesItPending()
    {
        World w(ForgeStandIn::Kind::GitHub);
        QVERIFY(w.create(false));
        const QString prodBefore = w.setup.layoutDigest(u"prod"_s);
        const QString deployedBefore = w.setup.deployed();
        const Run run = promoteProd(w.setup);
        QVERIFY2(run.planError.isEmpty(), qPrintable(run.planError));
        QCOMPARE(kinds(run.planned->plan).join(u'|'), u"git-push-branch|pull-request"_s);
        QVERIFY(run.planned->awaitsReview);
        QVERIFY2(run.outcome.succeeded(), qPrintable(run.outcome.message));
        QVERIFY2(run.outcome.message.contains(u"pull request #1 opened, waiting for review"_s), qPrintable(run.outcome.message));
        QVERIFY2(run.outcome.message.contains(u"prod runs what it ran until it is merged"_s), qPrintable(run.outcome.message));
        QCOMPARE(w.standIn.count("PUT", "/"), 0);
        QCOMPARE(w.standIn.prs.size(), 1);
        QCOMPARE(w.standIn.prs.first().state, u"open"_s);
        QCOMPARE(w.setup.remoteTip(QString::fromLatin1(PrBranch).prepend(u"refs/heads/"_s)), w.setup.target);
        QCOMPARE(w.setup.remoteTip(u"refs/heads/env/prod"_s), w.setup.oldTip);
        QCOMPARE(w.setup.layoutDigest(u"prod"_s), prodBefore);
        QCOMPARE(w.setup.deployed(), deployedBefore);
        const std::optional<DeploymentPhase> phase = w.setup.phase();
        QVERIFY(phase);
        QVERIFY(*phase == DeploymentPhase::Pending); // waiting for review is not deployed
    }

    // A re-run: the branch is on the remote and its request open already — both are reused.
    void existingRequestIsReused_data()
    {
        QTest::addColumn<bool>("github");
        QTest::newRow("GitHub") << true;
        QTest::newRow("GitLab") << false;
    }
    void existingRequestIsReused()
    {
        QFETCH(bool, github);
        World w(github ? ForgeStandIn::Kind::GitHub : ForgeStandIn::Kind::GitLab);
        QVERIFY(w.create(true));
        QVERIFY(runGit({u"-C"_s, w.setup.repo, u"push"_s, u"-q"_s, u"origin"_s, w.setup.target + u":refs/heads/"_s + QString::fromLatin1(PrBranch)}).exitCode == 0);
        w.standIn.prs.append(ForgeStandIn::Pr{1, QString::fromLatin1(PrBranch), u"env/prod"_s, w.setup.target, u"Promote api v1.5.1 to prod"_s, {}, u"open"_s});
        const Run run = promoteProd(w.setup);
        QVERIFY2(run.planError.isEmpty(), qPrintable(run.planError));
        QVERIFY2(run.outcome.succeeded(), qPrintable(run.outcome.message + u'\n' + run.lines.join(u'\n')));
        QCOMPARE(w.standIn.prs.size(), 1);
        QCOMPARE(w.standIn.prs.first().state, u"merged"_s);
        QVERIFY2(run.lines.join(u'\n').contains(u"was already open"_s), qPrintable(run.lines.join(u'\n')));
        QCOMPARE(w.setup.remoteTip(u"refs/heads/env/prod"_s), w.setup.target);
    }

    // Every refusal or broken answer: a clear sentence, and the pushed branch removed again.
    void failuresAreUndone_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("expected");
        QTest::newRow("401") << u"401"_s << u"rejected the token while opening a pull request from releasedeck/prod/api-v1.5.1 into env/prod (HTTP 401)"_s;
        QTest::newRow("422") << u"422"_s << u"rejected opening a pull request from releasedeck/prod/api-v1.5.1 into env/prod as invalid (HTTP 422)"_s;
        QTest::newRow("500 (POST not retried)") << u"500"_s << u"failed while opening a pull request"_s;
        QTest::newRow("malformed JSON") << u"malformed"_s << u"text that is not JSON"_s;
        QTest::newRow("wrong JSON type") << u"wrong-type"_s << u"field 'number' is not a whole number"_s;
        QTest::newRow("oversized body") << u"oversized"_s << u"with more than 1048576 bytes"_s;
        QTest::newRow("redirect to another host") << u"redirect"_s << u"another host; not followed, so the token is not sent there"_s;
        QTest::newRow("not mergeable") << u"conflict"_s << u"cannot be merged"_s;
        QTest::newRow("head moved (409)") << u"409"_s << u"its head is no longer at"_s;
    }
    void failuresAreUndone()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, expected);
        World w(ForgeStandIn::Kind::GitHub);
        QVERIFY(w.create(true));
        ForgeStandIn elsewhere(ForgeStandIn::Kind::GitHub);
        QVERIFY(elsewhere.listen());
        const QString prodBefore = w.setup.layoutDigest(u"prod"_s);
        const QString deployedBefore = w.setup.deployed();
        w.standIn.mergeable = scenario != u"conflict";
        w.standIn.inject = [&](const ForgeStandIn::Request &r) -> std::optional<ForgeStandIn::Answer> {
            const bool create = r.method == "POST";
            if (create && scenario == u"401")
                return ForgeStandIn::Answer{401, R"({"message": "Bad credentials"})", {}, false, false};
            if (create && scenario == u"422")
                return ForgeStandIn::Answer{422, R"({"message": "Validation Failed", "errors": [{"message": "No commits between env/prod and releasedeck/prod/api-v1.5.1"}]})", {}, false, false};
            if (create && scenario == u"500")
                return ForgeStandIn::Answer{500, R"({"message": "Server Error"})", {}, false, false};
            if (create && scenario == u"malformed")
                return ForgeStandIn::Answer{201, R"({"number": 1, "state": "open", )", {}, false, false};
            if (create && scenario == u"wrong-type")
                return ForgeStandIn::Answer{201, R"({"number": "one", "state": "open", "head": {"ref": "x", "sha": "y"}, "base": {"ref": "z"}})", {}, false, false};
            if (create && scenario == u"oversized")
                return ForgeStandIn::Answer{201, "{\"number\": 1, \"pad\": \"" + QByteArray(2 << 20, 'x') + "\"}", {}, false, false};
            if (create && scenario == u"redirect")
                return ForgeStandIn::Answer{307, {}, elsewhere.api().toUtf8() + "/repos/hockey/site/pulls", false, false};
            if (r.method == "PUT" && r.target.endsWith("/merge") && scenario == u"409")
                return ForgeStandIn::Answer{409, R"({"message": "Head branch was modified. Review and try the merge again."})", {}, false, false};
            return std::nullopt;
        };
        const Run run = promoteProd(w.setup);
        QVERIFY2(run.planError.isEmpty(), qPrintable(run.planError));
        qInfo().noquote() << run.outcome.message;   // the sentence a person reads, in the test log
        QVERIFY(run.outcome.result == ReleaseOutcome::Result::Failed);
        QVERIFY2(run.outcome.outcome.result == PlanOutcome::Result::Failed, qPrintable(run.outcome.message));   // everything taken back
        QVERIFY2(run.outcome.message.contains(expected), qPrintable(run.outcome.message));
        QVERIFY(!run.outcome.message.contains(QString::fromLatin1(Token)));
        checkNothingChanged(w, prodBefore, deployedBefore);
        QCOMPARE(elsewhere.received.size(), 0);                   // the token never went there
        if (scenario == u"500")
            QCOMPARE(w.standIn.count("POST", "/"), 1);
        if (scenario == u"conflict" || scenario == u"409") {
            QCOMPARE(w.standIn.prs.size(), 1);
            QCOMPARE(w.standIn.prs.first().state, u"closed"_s);   // the request this run opened was closed
        }
        if (scenario == u"malformed" || scenario == u"oversized")
            QVERIFY(w.standIn.prs.isEmpty());
    }

    // A GET that meets a server error is asked again; the answer after it counts.
    void getIsRetriedAfterServerError()
    {
        World w(ForgeStandIn::Kind::GitLab);
        QVERIFY(w.create(true));
        int failures = 2;
        w.standIn.inject = [&](const ForgeStandIn::Request &r) -> std::optional<ForgeStandIn::Answer> {
            if (r.method == "GET" && r.target.endsWith("/merge_requests/1") && failures > 0) {
                --failures;
                return ForgeStandIn::Answer{503, R"({"message": "503 Service Unavailable"})", {}, false, false};
            }
            return std::nullopt;
        };
        const Run run = promoteProd(w.setup);
        QVERIFY2(run.outcome.succeeded(), qPrintable(run.outcome.message));
        QCOMPARE(failures, 0);
        QCOMPARE(w.standIn.count("GET", w.standIn.prefix() + "/1"), 3);
        QCOMPARE(w.setup.remoteTip(u"refs/heads/env/prod"_s), w.setup.target);
    }

    // The forge dies while merging. Before it merged: nothing moved, the branch is deleted, and
    // the report says the request could not be closed. After it merged but before answering:
    // the git remote shows the merge, so the promotion goes on and says so.
    void forgeDiesWhileMerging_data()
    {
        QTest::addColumn<bool>("mergedFirst");
        QTest::newRow("before merging") << false;
        QTest::newRow("after merging, before answering") << true;
    }
    void forgeDiesWhileMerging()
    {
        QFETCH(bool, mergedFirst);
        World w(ForgeStandIn::Kind::GitHub);
        QVERIFY(w.create(true));
        const QString prodBefore = w.setup.layoutDigest(u"prod"_s);
        const QString deployedBefore = w.setup.deployed();
        w.standIn.inject = [&](const ForgeStandIn::Request &r) -> std::optional<ForgeStandIn::Answer> {
            if (r.method == "PUT" && r.target.endsWith("/merge")) {
                if (mergedFirst && !w.standIn.mergeInRepository(w.standIn.prs[0]))
                    return ForgeStandIn::Answer{500, {}, {}, false, false};
                return ForgeStandIn::Answer{0, {}, {}, true, true};
            }
            return std::nullopt;
        };
        const Run run = promoteProd(w.setup);
        QVERIFY2(run.planError.isEmpty(), qPrintable(run.planError));
        if (mergedFirst) {
            QVERIFY2(run.outcome.succeeded(), qPrintable(run.outcome.message + u'\n' + run.lines.join(u'\n')));
            QVERIFY2(run.lines.join(u'\n').contains(u"did not answer the merge"_s), qPrintable(run.lines.join(u'\n')));
            QCOMPARE(w.setup.remoteTip(u"refs/heads/env/prod"_s), w.setup.target);
            QCOMPARE(w.setup.remoteTip(u"refs/tags/prod-v1.5.1^{commit}"_s), w.setup.target);
            QCOMPARE(w.setup.deployed(), u"v1.5.1"_s);
            return;
        }
        qInfo().noquote() << run.outcome.message;
        QVERIFY(run.outcome.result == ReleaseOutcome::Result::Failed);
        // Closing the request needs the forge, which is gone: that undo fails, and the report says
        // the request is still open; everything else was taken back.
        QVERIFY(run.outcome.outcome.result == PlanOutcome::Result::UndoFailed);
        const int open = int(kinds(run.planned->plan).indexOf(u"pull-request"_s));
        QVERIFY(run.outcome.outcome.steps.at(open).outcome == StepRecord::Outcome::UndoFailed);
        QVERIFY2(run.outcome.message.contains(u"nothing was merged"_s), qPrintable(run.outcome.message));
        QVERIFY2(run.outcome.message.contains(u"Open a pull request in GitHub project hockey/site"_s), qPrintable(run.outcome.message));
        checkNothingChanged(w, prodBefore, deployedBefore);
    }

    // Without pull_request: a protected branch promotion with a remote stays refused.
    void protectedWithoutPullRequestIsRefused()
    {
        World w(ForgeStandIn::Kind::GitHub);
        QVERIFY(w.create(true));
        QByteArray yaml = readAll(w.setup.file);
        const qsizetype at = yaml.indexOf("    pull_request:");
        QVERIFY(at > 0);
        yaml.remove(at, yaml.indexOf('\n', at) + 1 - at);
        QVERIFY(writeAll(w.setup.file, yaml));
        auto loaded = config::loadWorkspace(w.setup.file);
        QVERIFY(loaded);
        w.setup.workspace = *loaded;
        const Run run = promoteProd(w.setup);
        QVERIFY2(run.planError.contains(u"configure 'pull_request'"_s), qPrintable(run.planError));
        QCOMPARE(w.standIn.received.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestForge)
#include "tst_forge.moc"
