// SPDX-License-Identifier: GPL-3.0-or-later
// One health check run once: HTTP against a real server on loopback (plain and TLS), and
// commands on this machine. Every wait is bounded; nothing asserts on timing.
#include "config/workspaceloader.h"
#include "health/checkrunner.h"
#include "health/checkspec.h"
#include "util/trustedcertificates.h"
#include "httptestserver.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using rd::health::CheckResult;
using rd::health::CheckSpec;

namespace {

CheckSpec httpSpec(const QUrl &url, std::chrono::milliseconds timeout = 20s)
{
    CheckSpec spec;
    spec.environment = u"test"_s;
    spec.name = url.path();
    spec.kind = CheckSpec::Kind::Http;
    spec.url = url;
    spec.timeout = timeout;
    return spec;
}

CheckSpec commandSpec(const QString &command, const QString &directory, std::chrono::milliseconds timeout = 20s)
{
    CheckSpec spec;
    spec.environment = u"test"_s;
    spec.name = command;
    spec.kind = CheckSpec::Kind::Command;
    spec.command = command;
    spec.workingDirectory = directory;
    spec.timeout = timeout;
    return spec;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

} // namespace

class TestHealthCheck : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void http_data();
    void http();
    void httpRefusedConnection();
    void tlsRefusedUnlessTrusted();
    void tlsTrustedThroughWorkspace();
    void command_data();
    void command();
    void commandTimeoutKillsProcessGroup();
    void commandOutputIsBounded();
    void sshHostIsUnknownNotPretended();
    void jsonField_data();
    void jsonField();

private:
    CheckResult run(const CheckSpec &spec);

    rd::test::HttpTestServer m_server;
    rd::health::NetworkPool m_network{this};
    QTemporaryDir m_dir;
};

CheckResult TestHealthCheck::run(const CheckSpec &spec)
{
    std::optional<CheckResult> result;
    QObject context;
    rd::health::runCheck(spec, m_network, &context, [&result](const CheckResult &r) { result = r; });
    // Generous: the check's own timeout bounds it; this only stops a hung test.
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 60'000))
        return CheckResult{CheckResult::Outcome::NotRun, std::nullopt, u"the test gave up waiting"_s, {}};
    return *result;
}

void TestHealthCheck::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.listen());
    m_server.setBody(u"json"_s, R"({"status": "ok", "build": {"version": "v1.2.3", "number": 42}})");
}

void TestHealthCheck::http_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("expect");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("equals");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<bool>("passes");
    QTest::addColumn<QString>("error"); // a regular expression the error must match

    QTest::newRow("200") << u"/ok"_s << 200 << QString() << QString() << QString() << 20'000 << true << QString();
    QTest::newRow("500") << u"/status/500"_s << 200 << QString() << QString() << QString() << 20'000 << false
                         << u"^GET http://127\\.0\\.0\\.1:\\d+/status/500 answered HTTP 500, expected 200\\.$"_s;
    QTest::newRow("expected 503") << u"/status/503"_s << 503 << QString() << QString() << QString() << 20'000 << true
                                  << QString();
    QTest::newRow("redirect not followed") << u"/status/301"_s << 200 << QString() << QString() << QString() << 20'000
                                           << false << u"answered HTTP 301, expected 200"_s;
    QTest::newRow("slow beyond timeout") << u"/slow/30000"_s << 200 << QString() << QString() << QString() << 300
                                         << false << u"/slow/30000 timed out after 300 ms\\.$"_s;
    QTest::newRow("garbage") << u"/garbage"_s << 200 << QString() << QString() << QString() << 20'000 << false
                             << u"^GET .*/garbage failed: .+\\.$"_s;
    QTest::newRow("closed") << u"/close"_s << 200 << QString() << QString() << QString() << 20'000 << false
                            << u"^GET .*/close failed: .+\\.$"_s;
    QTest::newRow("oversized") << u"/big"_s << 200 << QString() << QString() << QString() << 20'000 << false
                               << u"/big answered with more than 1 MiB\\.$"_s;
    QTest::newRow("oversized stream") << u"/stream"_s << 200 << QString() << QString() << QString() << 20'000 << false
                                      << u"/stream answered with more than 1 MiB\\.$"_s;
    QTest::newRow("body found") << u"/body/json"_s << 200 << u"\"ok\""_s << QString() << QString() << 20'000 << true
                                << QString();
    QTest::newRow("body missing") << u"/body/json"_s << 200 << u"ready"_s << QString() << QString() << 20'000 << false
                                  << u"answered without the text 'ready'\\.$"_s;
    QTest::newRow("json equal") << u"/body/json"_s << 200 << QString() << u"build.version"_s << u"v1.2.3"_s << 20'000
                                << true << QString();
    QTest::newRow("json number") << u"/body/json"_s << 200 << QString() << u"build.number"_s << u"42"_s << 20'000
                                 << true << QString();
    QTest::newRow("json differs") << u"/body/json"_s << 200 << QString() << u"status"_s << u"green"_s << 20'000
                                  << false << u"the field 'status' is 'ok', expected 'green'\\.$"_s;
    QTest::newRow("json absent") << u"/body/json"_s << 200 << QString() << u"build.sha"_s << u"x"_s << 20'000 << false
                                 << u"the answer has no field 'build\\.sha'\\.$"_s;
    QTest::newRow("not json") << u"/ok"_s << 200 << QString() << u"status"_s << u"ok"_s << 20'000 << false
                              << u"the answer is not a JSON object\\.$"_s;
}

void TestHealthCheck::http()
{
    QFETCH(QString, path);
    QFETCH(int, expect);
    QFETCH(QString, body);
    QFETCH(QString, json);
    QFETCH(QString, equals);
    QFETCH(int, timeoutMs);
    QFETCH(bool, passes);
    QFETCH(QString, error);

    CheckSpec spec = httpSpec(m_server.url(path), std::chrono::milliseconds(timeoutMs));
    spec.expect = expect;
    spec.bodyContains = body;
    spec.jsonField = json;
    spec.jsonEquals = equals;
    const CheckResult result = run(spec);
    QCOMPARE(result.passed(), passes);
    QVERIFY(result.latencyMs.has_value());
    QVERIFY(result.finishedAt.isValid());
    if (passes) {
        QCOMPARE(result.error, QString());
    } else {
        QCOMPARE(result.outcome, CheckResult::Outcome::Failed);
        QVERIFY2(QRegularExpression(error).match(result.error).hasMatch(), qPrintable(result.error));
        QVERIFY2(!result.error.contains(u'\n'), qPrintable(result.error));
    }
}

void TestHealthCheck::httpRefusedConnection()
{
    quint16 port = 0;
    {
        rd::test::HttpTestServer closed;
        QVERIFY(closed.listen());
        port = closed.port();
    }
    const CheckResult result = run(httpSpec(QUrl(u"http://127.0.0.1:%1/health"_s.arg(port))));
    QCOMPARE(result.outcome, CheckResult::Outcome::Failed);
    QVERIFY2(result.error.startsWith(u"GET http://127.0.0.1:%1/health failed: "_s.arg(port)), qPrintable(result.error));
}

void TestHealthCheck::tlsRefusedUnlessTrusted()
{
    const QString certificate = m_dir.filePath(u"server.pem"_s), key = m_dir.filePath(u"server.key"_s);
    QString error;
    QVERIFY2(rd::test::HttpTestServer::makeSelfSignedCertificate(certificate, key, &error), qPrintable(error));
    rd::test::HttpTestServer tls;
    QVERIFY(tls.listenTls(certificate, key));

    // Not trusted: refused, and the message says how to trust it.
    const CheckResult refused = run(httpSpec(tls.url(u"/ok"_s)));
    QCOMPARE(refused.outcome, CheckResult::Outcome::Failed);
    QVERIFY2(refused.error.contains(u"the TLS certificate is not trusted"_s), qPrintable(refused.error));
    QVERIFY2(refused.error.contains(u"'ca'"_s), qPrintable(refused.error));
    QCOMPARE(tls.requests(u"/ok"_s), 0);

    // Trusted: answered.
    CheckSpec trusted = httpSpec(tls.url(u"/ok"_s));
    const auto certificates = rd::readTrustedCertificates(certificate);
    QVERIFY2(certificates, certificates ? "" : qPrintable(certificates.error().message));
    trusted.trusted = *certificates;
    const CheckResult answered = run(trusted);
    QVERIFY2(answered.passed(), qPrintable(answered.error));
    QCOMPARE(tls.requests(u"/ok"_s), 1);

    // Some other certificate trusted is no better than none.
    const QString other = m_dir.filePath(u"other.pem"_s), otherKey = m_dir.filePath(u"other.key"_s);
    QVERIFY2(rd::test::HttpTestServer::makeSelfSignedCertificate(other, otherKey, &error), qPrintable(error));
    CheckSpec wrong = httpSpec(tls.url(u"/ok"_s));
    wrong.trusted = rd::readTrustedCertificates(other).value_or(QList<QSslCertificate>());
    const CheckResult wrongResult = run(wrong);
    QCOMPARE(wrongResult.outcome, CheckResult::Outcome::Failed);
    QVERIFY2(wrongResult.error.contains(u"not trusted"_s), qPrintable(wrongResult.error));
}

void TestHealthCheck::tlsTrustedThroughWorkspace()
{
    const QString folder = m_dir.filePath(u"workspace"_s);
    QVERIFY(QDir().mkpath(folder + u"/certs"_s));
    const QString certificate = folder + u"/certs/server.pem"_s, key = folder + u"/server.key"_s;
    QString error;
    QVERIFY2(rd::test::HttpTestServer::makeSelfSignedCertificate(certificate, key, &error), qPrintable(error));
    rd::test::HttpTestServer tls;
    QVERIFY(tls.listenTls(certificate, key));

    const QByteArray yaml = "version: 1\nhosts:\n  here: {local: true}\nenvironments:\n  - name: prod\n    health:\n"
                            "      - {name: trusted, http: \"" + tls.url(u"/ok"_s).toString().toUtf8()
        + "\", ca: certs/server.pem, failure_threshold: 2}\n"
          "      - {name: untrusted, http: \"" + tls.url(u"/ok"_s).toString().toUtf8() + "\"}\n"
          "      - {name: missing-ca, http: \"" + tls.url(u"/ok"_s).toString().toUtf8() + "\", ca: nowhere.pem}\n";
    QVERIFY(writeFile(folder + u"/releasedeck.yaml"_s, yaml));
    auto workspace = rd::config::loadWorkspace(folder + u"/releasedeck.yaml"_s);
    QVERIFY2(workspace, workspace ? "" : qPrintable(workspace.error().first().toString()));
    const QList<CheckSpec> specs = rd::health::checkSpecs(*workspace);
    QCOMPARE(specs.size(), 3);
    QCOMPARE(specs[0].failureThreshold, 2);
    QCOMPARE(specs[0].trusted.size(), 1);
    const CheckResult trusted = run(specs[0]);
    QVERIFY2(trusted.passed(), qPrintable(trusted.error));
    QCOMPARE(run(specs[1]).outcome, CheckResult::Outcome::Failed);
    QCOMPARE(specs[2].kind, CheckSpec::Kind::Unavailable);
    const CheckResult missing = run(specs[2]);
    QCOMPARE(missing.outcome, CheckResult::Outcome::NotRun);
    QVERIFY2(missing.error.startsWith(u"cannot read the trusted certificate file "_s + folder + u"/nowhere.pem"_s),
             qPrintable(missing.error));
}

void TestHealthCheck::command_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<bool>("passes");
    QTest::addColumn<QString>("error");

    QTest::newRow("exit 0") << u"true"_s << true << QString();
    QTest::newRow("exit 1") << u"false"_s << false << u"the command 'false' exited with status 1."_s;
    QTest::newRow("exit 3 with a message") << u"echo 'service is stopped' >&2; exit 3"_s << false
                                           << u"the command 'echo 'service is stopped' >&2; exit 3' exited with status 3: "
                                              u"service is stopped."_s;
    QTest::newRow("runs in the workspace folder") << u"test -f marker"_s << true << QString();
    QTest::newRow("not found") << u"no-such-command-here"_s << false
                               << u"the command 'no-such-command-here' exited with status 127: "_s;
    QTest::newRow("killed") << u"kill -9 $$"_s << false << u"the command 'kill -9 $$' was killed by a signal."_s;
}

void TestHealthCheck::command()
{
    QFETCH(QString, command);
    QFETCH(bool, passes);
    QFETCH(QString, error);
    QVERIFY(writeFile(m_dir.filePath(u"marker"_s), "x"));
    const CheckResult result = run(commandSpec(command, m_dir.path()));
    QCOMPARE(result.passed(), passes);
    QVERIFY(result.latencyMs.has_value());
    if (!passes)
        QVERIFY2(result.error.startsWith(error), qPrintable(result.error));
}

void TestHealthCheck::commandTimeoutKillsProcessGroup()
{
    // The shell starts a child that would outlive a kill of the shell alone.
    const QString pidFile = m_dir.filePath(u"child.pid"_s);
    const CheckResult result =
        run(commandSpec(u"sleep 60 & echo $! > child.pid; wait"_s, m_dir.path(), 2s));
    QCOMPARE(result.outcome, CheckResult::Outcome::Failed);
    QVERIFY2(result.error.endsWith(u"timed out after 2 s and was killed."_s), qPrintable(result.error));
    QFile file(pidFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const pid_t child = pid_t(file.readAll().trimmed().toInt());
    QVERIFY(child > 0);
    // SIGKILL to the group is asynchronous; the orphan is reaped by init, so wait until it is gone.
    QVERIFY(QTest::qWaitFor([child] { return ::kill(child, 0) != 0; }, 20'000));
}

void TestHealthCheck::commandOutputIsBounded()
{
    std::optional<rd::health::CommandAnswer> answer;
    QObject context;
    rd::health::runCommand({u"head -c 3000000 /dev/zero | tr '\\0' a; head -c 3000000 /dev/zero | tr '\\0' b >&2"_s,
                            m_dir.path(), 20s, 1000},
                           &context, [&answer](const rd::health::CommandAnswer &a) { answer = a; });
    QVERIFY(QTest::qWaitFor([&] { return answer.has_value(); }, 60'000));
    QCOMPARE(answer->error, QString());
    QCOMPARE(answer->exitCode, 0);
    QCOMPARE(answer->out, QByteArray(1000, 'a'));
    QCOMPARE(answer->err, QByteArray(1000, 'b'));

    // And the error sentence of a failing check stays one short line.
    const CheckResult result = run(commandSpec(u"head -c 100000 /dev/zero | tr '\\0' x; exit 1"_s, m_dir.path()));
    QCOMPARE(result.outcome, CheckResult::Outcome::Failed);
    QVERIFY2(result.error.size() < 300, qPrintable(result.error));
}

void TestHealthCheck::sshHostIsUnknownNotPretended()
{
    const QString folder = m_dir.filePath(u"ssh"_s);
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(writeFile(folder + u"/releasedeck.yaml"_s,
                      "version: 1\nhosts:\n  prod-1: {address: 203.0.113.10, user: deploy}\n  here: {local: true}\n"
                      "environments:\n  - name: prod\n    health:\n"
                      "      - {name: remote, command: \"systemctl is-active hockey\", host: prod-1}\n"
                      "      - {name: local, command: \"true\", host: here}\n"));
    auto workspace = rd::config::loadWorkspace(folder + u"/releasedeck.yaml"_s);
    QVERIFY2(workspace, workspace ? "" : qPrintable(workspace.error().first().toString()));
    const QList<CheckSpec> specs = rd::health::checkSpecs(*workspace);
    QCOMPARE(specs.size(), 2);
    // runs over SSH (tests/integration/tst_ssh has a real server); this address is unreachable
    QCOMPARE(specs[0].kind, CheckSpec::Kind::Command);
    QVERIFY(specs[0].host);
    const CheckResult remote = run(specs[0]);
    QVERIFY(!remote.passed());
    QVERIFY2(remote.error.contains(u"203.0.113.10"_s), qPrintable(remote.error));
    QCOMPARE(specs[1].kind, CheckSpec::Kind::Command);
    QCOMPARE(specs[1].workingDirectory, QFileInfo(folder).absoluteFilePath());
    QVERIFY(run(specs[1]).passed());
}

void TestHealthCheck::jsonField_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("value"); // empty: absent
    QTest::newRow("string") << QByteArray(R"({"version": "v1"})") << u"version"_s << u"v1"_s;
    QTest::newRow("nested") << QByteArray(R"({"a": {"b": {"c": "deep"}}})") << u"a.b.c"_s << u"deep"_s;
    QTest::newRow("bool") << QByteArray(R"({"ok": true})") << u"ok"_s << u"true"_s;
    QTest::newRow("fraction") << QByteArray(R"({"n": 1.5})") << u"n"_s << u"1.5"_s;
    QTest::newRow("object") << QByteArray(R"({"a": {}})") << u"a"_s << QString();
    QTest::newRow("array root") << QByteArray(R"(["v1"])") << u"0"_s << QString();
    QTest::newRow("truncated") << QByteArray(R"({"version": "v)") << u"version"_s << QString();
}

void TestHealthCheck::jsonField()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, value);
    QString error;
    const std::optional<QString> found = rd::health::jsonField(json, path, &error);
    QCOMPARE(found.value_or(QString()), value);
    QCOMPARE(error.isEmpty(), !value.isEmpty());
}

QTEST_GUILESS_MAIN(TestHealthCheck)
#include "tst_healthcheck.moc"
