// SPDX-License-Identifier: GPL-3.0-or-later
// Remote repositories through the app's mirror cache (core/git/remotecache), against real peers
// on loopback: OpenSSH sshd (key file and ssh-agent), git daemon (git://) and file://. Host-key
// checking, a server killed mid-fetch, concurrent refreshes, hostile URLs, and the CLI's diff
// and log on a workspace whose repository is remote.
#include "processrun.h"
#include "sshserver.h"
#include "testdata.h"

#include "git/remotecache.h"
#include "git/remoteurl.h"
#include "git/repository.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSemaphore>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>
#include <cstdlib>
#include <csignal>
#include <thread>

using namespace Qt::StringLiterals;
using rd::git::RemoteAccess;
using rd::git::RemoteCache;

namespace {

rd::test::ProcessRun git(const QString &cwd, const QStringList &arguments)
{
    return rd::test::runProcess(u"git"_s,
        QStringList{u"-c"_s, u"user.name=Tester"_s, u"-c"_s, u"user.email=tester@example.com"_s,
                    u"-c"_s, u"init.defaultBranch=main"_s} + arguments,
        QProcessEnvironment::systemEnvironment(), cwd);
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

// `git daemon` serving every repository under `base` on 127.0.0.1, stopped by PID.
class GitDaemon
{
public:
    explicit GitDaemon(const QString &base)
    {
        for (int attempt = 0; attempt < 5 && !m_ready; ++attempt) {
            m_port = freePort();
            m_process = std::make_unique<QProcess>();
            m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
            // git-daemon itself, not `git daemon`: the git wrapper would leave it running when
            // killed, so the PID stopped in the destructor must be the server's.
            const QString execPath = rd::test::runProcess(u"git"_s, {u"--exec-path"_s}).out.trimmed();
            m_process->start(execPath + u"/git-daemon"_s, { u"--listen=127.0.0.1"_s, u"--port=%1"_s.arg(m_port),
                                         u"--base-path=%1"_s.arg(base), u"--export-all"_s, u"--reuseaddr"_s, base });
            if (!m_process->waitForStarted(5'000))
                continue;
            for (int i = 0; i < 100 && m_process->state() == QProcess::Running; ++i) {
                QTcpSocket socket;
                socket.connectToHost(QHostAddress::LocalHost, m_port);
                if (socket.waitForConnected(100)) {
                    m_ready = true;
                    break;
                }
                QThread::msleep(50);
            }
        }
    }
    ~GitDaemon()
    {
        if (m_process && m_process->processId() > 0) {
            ::kill(pid_t(m_process->processId()), SIGKILL);
            m_process->waitForFinished(5'000);
        }
    }
    bool isReady() const { return m_ready; }
    quint16 port() const { return m_port; }

private:
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    bool m_ready = false;
};

} // namespace

class TestGitRemote : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void hostileUrlsAreRefused_data();
    void hostileUrlsAreRefused();
    void goodUrlsParse_data();
    void goodUrlsParse();
    void fileUrlMirrorsBranchesAndTagsAndPrunes();
    void gitDaemon();
    void sshWithKeyFile();
    void sshWithEncryptedKeyFile();
    void sshWithAgent();
    void unknownHostKeyIsRefusedWithFingerprint();
    void changedHostKeyIsRefused();
    void serverKilledMidFetchKeepsTheOldMirror();
    void concurrentRefreshesShareOneFetch();
    void cliDiffAndLogOnARemoteRepositoryMatchTheLocalOnes();

private:
    // A new upstream: a working repository `name` with a few commits, branches and a tag, and
    // its bare clone `name.git` (what the servers serve). Returns the bare path.
    QString makeUpstream(const QString &name);
    QString commitTo(const QString &name, const QString &file, const QByteArray &content);
    RemoteAccess sshAccess(const QString &bare, const QString &identity) const;
    bool startSsh();

    QTemporaryDir m_dir;
    QString m_home;
    std::unique_ptr<rd::test::SshServer> m_ssh;
    QString m_key;
};

void TestGitRemote::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Our own ~ and cache: known_hosts and mirrors never touch the real ones.
    m_home = m_dir.filePath(u"home"_s);
    QVERIFY(QDir().mkpath(m_home + u"/.ssh"_s));
    qputenv("HOME", QFile::encodeName(m_home));
    qputenv("XDG_CACHE_HOME", QFile::encodeName(m_dir.filePath(u"cache"_s)));
    qunsetenv("SSH_AUTH_SOCK");
}

void TestGitRemote::init()
{
    // Every test starts with an empty cache and no known hosts.
    QDir(m_dir.filePath(u"cache"_s)).removeRecursively();
    QFile::remove(m_home + u"/.ssh/known_hosts"_s);
}

QString TestGitRemote::makeUpstream(const QString &name)
{
    const QString work = m_dir.filePath(name);
    if (!git(m_dir.path(), {u"init"_s, u"-q"_s, work}).finished)
        return {};
    writeFile(work + u"/README"_s, "hello\n");
    writeFile(work + u"/src/main.c"_s, "int main(void) { return 0; }\n");
    git(work, {u"add"_s, u"-A"_s});
    git(work, {u"commit"_s, u"-q"_s, u"-m"_s, u"first"_s});
    git(work, {u"tag"_s, u"-a"_s, u"v1.0.0"_s, u"-m"_s, u"v1"_s});
    git(work, {u"branch"_s, u"env/prod"_s});
    writeFile(work + u"/src/main.c"_s, "int main(void) { return 1; }\n");
    git(work, {u"commit"_s, u"-q"_s, u"-am"_s, u"second"_s});
    git(work, {u"branch"_s, u"env/dev"_s});
    const QString bare = work + u".git"_s;
    if (git(m_dir.path(), {u"clone"_s, u"-q"_s, u"--bare"_s, work, bare}).exitCode != 0)
        return {};
    git(work, {u"remote"_s, u"add"_s, u"upstream"_s, bare});
    return bare;
}

QString TestGitRemote::commitTo(const QString &name, const QString &file, const QByteArray &content)
{
    const QString work = m_dir.filePath(name);
    writeFile(work + u'/' + file, content);
    git(work, {u"add"_s, u"-A"_s});
    git(work, {u"commit"_s, u"-q"_s, u"-m"_s, QString(u"change "_s + file)});
    git(work, {u"push"_s, u"-q"_s, u"upstream"_s, u"main"_s});
    return git(work, {u"rev-parse"_s, u"HEAD"_s}).out.trimmed();
}

bool TestGitRemote::startSsh()
{
    m_ssh = std::make_unique<rd::test::SshServer>();
    if (!m_ssh->isRunning())
        return false;
    m_key = m_ssh->makeClientKey(u"client"_s, u"ed25519"_s);
    return !m_key.isEmpty() && m_ssh->authorize(m_key);
}

RemoteAccess TestGitRemote::sshAccess(const QString &bare, const QString &identity) const
{
    RemoteAccess access;
    access.url = u"ssh://%1@127.0.0.1:%2%3"_s.arg(m_ssh->user()).arg(m_ssh->port()).arg(bare);
    access.identity = identity;
    access.knownHostsFiles = { QString(m_home + u"/.ssh/known_hosts"_s) };
    access.trustCommand = u"releasedeck-cli -w ws.yaml trust app"_s;
    return access;
}

void TestGitRemote::hostileUrlsAreRefused_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("why");
    const QString marker = m_dir.filePath(u"pwned"_s);
    QTest::newRow("ext helper") << u"ext::sh -c touch% %1"_s.arg(marker) << u"remote helper"_s;
    QTest::newRow("fd helper") << u"fd::17"_s << u"remote helper"_s;
    QTest::newRow("option") << u"-oProxyCommand=touch %1"_s.arg(marker) << u"starts with '-'"_s;
    QTest::newRow("host option") << u"ssh://-oProxyCommand=touch/x"_s << u"valid"_s;
    QTest::newRow("scp host option") << u"-oProxyCommand=x:repo"_s << u"starts with '-'"_s;
    QTest::newRow("scp path option") << u"git@example.com:--upload-pack=touch"_s << u"starting with '-'"_s;
    QTest::newRow("user option") << u"ssh://-l@example.com/x"_s << u"login name"_s;
    QTest::newRow("password") << u"ssh://me:secret@example.com/x"_s << u"password"_s;
    QTest::newRow("https token") << u"https://token@example.com/x"_s << u"token"_s;
    QTest::newRow("scheme") << u"ftp://example.com/x"_s << u"transport 'ftp'"_s;
    QTest::newRow("newline") << u"ssh://example.com/x\nProxyCommand"_s << u"control characters"_s;
    QTest::newRow("huge") << QString(u"ssh://example.com/"_s + QString(5000, u'a')) << u"longer than"_s;
    QTest::newRow("file elsewhere") << u"file://otherhost/srv/x"_s << u"another machine"_s;
}

void TestGitRemote::hostileUrlsAreRefused()
{
    QFETCH(QString, url);
    QFETCH(QString, why);
    const auto parsed = rd::git::parseRemoteUrl(url);
    QVERIFY(!parsed);
    QVERIFY2(parsed.error().message.contains(why), qPrintable(parsed.error().message));

    // The cache refuses it before anything runs or any folder is made.
    RemoteAccess access;
    access.url = url;
    const RemoteCache cache(m_dir.filePath(u"cache/git"_s));
    const auto refreshed = cache.refresh(access, std::chrono::milliseconds(0));
    QVERIFY(!refreshed);
    QVERIFY(!QFileInfo::exists(cache.mirrorPath(url)));
    QVERIFY(!QFileInfo::exists(m_dir.filePath(u"pwned"_s)));
}

void TestGitRemote::goodUrlsParse_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("path");
    QTest::newRow("ssh") << u"ssh://git@example.com:2222/org/x.git"_s << u"example.com"_s << 2222 << u"/org/x.git"_s;
    QTest::newRow("scp") << u"git@github.com:org/x.git"_s << u"github.com"_s << 22 << u"org/x.git"_s;
    QTest::newRow("https") << u"https://github.com/org/x.git"_s << u"github.com"_s << 443 << u"/org/x.git"_s;
    QTest::newRow("git") << u"git://127.0.0.1:9418/x.git"_s << u"127.0.0.1"_s << 9418 << u"/x.git"_s;
    QTest::newRow("file") << u"file:///srv/git/x.git"_s << QString() << 0 << u"/srv/git/x.git"_s;
}

void TestGitRemote::goodUrlsParse()
{
    QFETCH(QString, url);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, path);
    QVERIFY(rd::git::looksLikeRemoteUrl(url));
    const auto parsed = rd::git::parseRemoteUrl(url);
    QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().message));
    QCOMPARE(parsed->host, host);
    QCOMPARE(parsed->effectivePort(), port);
    QCOMPARE(parsed->path, path);
    QVERIFY(!rd::git::looksLikeRemoteUrl(u"repo"_s));
    QVERIFY(!rd::git::looksLikeRemoteUrl(u"/srv/git/repo"_s));
    QVERIFY(!rd::git::looksLikeRemoteUrl(u"./dir:with/colon"_s));
}

void TestGitRemote::fileUrlMirrorsBranchesAndTagsAndPrunes()
{
    const QString bare = makeUpstream(u"fileup"_s);
    QVERIFY(!bare.isEmpty());
    RemoteAccess access;
    access.url = u"file://"_s + bare;
    const RemoteCache cache;
    QVERIFY(cache.root().startsWith(m_dir.filePath(u"cache"_s)));
    // What a clone killed midway leaves behind is cleared, never mistaken for a mirror.
    const QString leftover = cache.mirrorPath(access.url) + u".incoming-AbC123"_s;
    QVERIFY(QDir().mkpath(leftover + u"/objects"_s));

    auto first = cache.refresh(access, std::chrono::minutes(5));
    QVERIFY2(first, first ? "" : qPrintable(first.error().message));
    QVERIFY(first->fetched);
    QCOMPARE(first->path, cache.mirrorPath(access.url));
    QVERIFY(!QFileInfo::exists(leftover));
    {
        auto mirror = rd::git::Repository::open(first->path);
        QVERIFY(mirror);
        const QString work = m_dir.filePath(u"fileup"_s);
        QCOMPARE(*mirror->branchTip(u"main"_s), git(work, {u"rev-parse"_s, u"main"_s}).out.trimmed());
        QCOMPARE(*mirror->branchTip(u"env/prod"_s), git(work, {u"rev-parse"_s, u"env/prod"_s}).out.trimmed());
        QCOMPARE(*mirror->resolveCommit(u"v1.0.0"_s), git(work, {u"rev-parse"_s, u"v1.0.0^{commit}"_s}).out.trimmed());
    }
    // Young enough: no fetch.
    auto again = cache.refresh(access, std::chrono::minutes(5));
    QVERIFY(again && !again->fetched);

    // Upstream moves on and drops a branch: a refresh follows and prunes.
    const QString newTip = commitTo(u"fileup"_s, u"NEWS"_s, "news\n");
    QCOMPARE(git(bare, {u"branch"_s, u"-D"_s, u"env/prod"_s}).exitCode, 0);
    auto refreshed = cache.refresh(access, std::chrono::milliseconds(0));
    QVERIFY2(refreshed && refreshed->fetched, refreshed ? "" : qPrintable(refreshed.error().message));
    auto mirror = rd::git::Repository::open(refreshed->path);
    QVERIFY(mirror);
    QCOMPARE(*mirror->branchTip(u"main"_s), newTip);
    QVERIFY(!mirror->branchTip(u"env/prod"_s));
    QVERIFY(mirror->branchTip(u"env/dev"_s));
}

void TestGitRemote::gitDaemon()
{
    const QString bare = makeUpstream(u"daemonup"_s);
    QVERIFY(!bare.isEmpty());
    GitDaemon daemon(m_dir.path());
    QVERIFY(daemon.isReady());
    RemoteAccess access;
    access.url = u"git://127.0.0.1:%1/daemonup.git"_s.arg(daemon.port());
    auto refreshed = RemoteCache().refresh(access, std::chrono::milliseconds(0));
    QVERIFY2(refreshed, refreshed ? "" : qPrintable(refreshed.error().message));
    auto mirror = rd::git::Repository::open(refreshed->path);
    QVERIFY(mirror);
    QCOMPARE(*mirror->branchTip(u"env/dev"_s), git(bare, {u"rev-parse"_s, u"env/dev"_s}).out.trimmed());
}

void TestGitRemote::sshWithKeyFile()
{
    QVERIFY(startSsh());
    const QString bare = makeUpstream(u"sshup"_s);
    QVERIFY(writeFile(m_home + u"/.ssh/known_hosts"_s, m_ssh->knownHostsLine().toUtf8() + '\n'));
    const RemoteAccess access = sshAccess(bare, u"file:"_s + m_key);
    auto refreshed = RemoteCache().refresh(access, std::chrono::milliseconds(0));
    QVERIFY2(refreshed, refreshed ? "" : qPrintable(refreshed.error().message));
    auto mirror = rd::git::Repository::open(refreshed->path);
    QVERIFY(mirror);
    QCOMPARE(*mirror->branchTip(u"main"_s), git(bare, {u"rev-parse"_s, u"main"_s}).out.trimmed());

    // A key the server does not know: a clear refusal, no endless retries.
    const QString stranger = m_ssh->makeClientKey(u"stranger"_s, u"ed25519"_s);
    QDir(m_dir.filePath(u"cache"_s)).removeRecursively();
    auto refused = RemoteCache().refresh(sshAccess(bare, u"file:"_s + stranger), std::chrono::milliseconds(0));
    QVERIFY(!refused);
    QVERIFY2(refused.error().message.contains(u"refused"_s) || refused.error().message.contains(u"auth"_s),
             qPrintable(refused.error().message));
}

void TestGitRemote::sshWithEncryptedKeyFile()
{
    QVERIFY(startSsh());
    const QString bare = makeUpstream(u"sshlocked"_s);
    QVERIFY(writeFile(m_home + u"/.ssh/known_hosts"_s, m_ssh->knownHostsLine().toUtf8() + '\n'));
    const QString locked = m_ssh->makeClientKey(u"locked"_s, u"ed25519"_s, u"open sesame"_s);
    QVERIFY(m_ssh->authorize(locked));
    RemoteAccess access = sshAccess(bare, u"file:"_s + locked);
    access.passphraseReference = u"env:RD_TEST_GIT_PASSPHRASE"_s;
    qunsetenv("RD_TEST_GIT_PASSPHRASE");
    auto missing = RemoteCache().refresh(access, std::chrono::milliseconds(0));
    QVERIFY(!missing);
    QVERIFY2(missing.error().message.contains(u"RD_TEST_GIT_PASSPHRASE"_s), qPrintable(missing.error().message));
    qputenv("RD_TEST_GIT_PASSPHRASE", "open sesame");
    auto refreshed = RemoteCache().refresh(access, std::chrono::milliseconds(0));
    qunsetenv("RD_TEST_GIT_PASSPHRASE");
    QVERIFY2(refreshed, refreshed ? "" : qPrintable(refreshed.error().message));
}

void TestGitRemote::sshWithAgent()
{
    QVERIFY(startSsh());
    const QString bare = makeUpstream(u"agentup"_s);
    QVERIFY(writeFile(m_home + u"/.ssh/known_hosts"_s, m_ssh->knownHostsLine().toUtf8() + '\n'));
    const RemoteAccess access = sshAccess(bare, u"agent"_s);
    auto noAgent = RemoteCache().refresh(access, std::chrono::milliseconds(0));
    QVERIFY(!noAgent);
    QVERIFY2(noAgent.error().message.contains(u"ssh-agent"_s), qPrintable(noAgent.error().message));

    rd::test::SshAgent agent;
    QVERIFY(agent.isRunning());
    QVERIFY(agent.add(m_key));
    qputenv("SSH_AUTH_SOCK", QFile::encodeName(agent.socketPath()));
    auto refreshed = RemoteCache().refresh(access, std::chrono::milliseconds(0));
    qunsetenv("SSH_AUTH_SOCK");
    QVERIFY2(refreshed, refreshed ? "" : qPrintable(refreshed.error().message));
    auto mirror = rd::git::Repository::open(refreshed->path);
    QVERIFY(mirror && mirror->branchTip(u"main"_s));
}

void TestGitRemote::unknownHostKeyIsRefusedWithFingerprint()
{
    QVERIFY(startSsh());
    const QString bare = makeUpstream(u"unknownup"_s);
    const RemoteAccess access = sshAccess(bare, u"file:"_s + m_key);
    const RemoteCache cache;
    auto refused = cache.refresh(access, std::chrono::milliseconds(0));
    QVERIFY(!refused);
    const QString message = refused.error().message;
    QVERIFY2(message.contains(u"not known"_s), qPrintable(message));
    QVERIFY2(message.contains(m_ssh->hostKeyFingerprint()), qPrintable(message));
    QVERIFY2(message.contains(u"releasedeck-cli -w ws.yaml trust app --fingerprint "_s + m_ssh->hostKeyFingerprint()),
             qPrintable(message));
    QCOMPARE(m_ssh->acceptedLogins(), 0);
    // No mirror and no half-made one is left behind.
    QVERIFY(!QFileInfo::exists(cache.mirrorPath(access.url)));
    const QStringList leftovers = QDir(cache.root()).entryList({u"*.incoming-*"_s}, QDir::Dirs | QDir::Hidden);
    QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(u' ')));
}

void TestGitRemote::changedHostKeyIsRefused()
{
    QVERIFY(startSsh());
    const QString bare = makeUpstream(u"changedup"_s);
    QVERIFY(writeFile(m_home + u"/.ssh/known_hosts"_s, m_ssh->knownHostsLine().toUtf8() + '\n'));
    const RemoteAccess access = sshAccess(bare, u"file:"_s + m_key);
    auto first = RemoteCache().refresh(access, std::chrono::milliseconds(0));
    QVERIFY2(first, first ? "" : qPrintable(first.error().message));
    const int logins = m_ssh->acceptedLogins();

    QVERIFY(m_ssh->changeHostKey());
    auto refused = RemoteCache().refresh(access, std::chrono::milliseconds(0));
    QVERIFY(!refused);
    QVERIFY2(refused.error().message.contains(u"CHANGED"_s), qPrintable(refused.error().message));
    QVERIFY2(refused.error().message.contains(m_ssh->hostKeyFingerprint()), qPrintable(refused.error().message));
    QCOMPARE(m_ssh->acceptedLogins(), logins);
    // The old mirror is still there and readable.
    QVERIFY(rd::git::Repository::open(first->path));
}

void TestGitRemote::serverKilledMidFetchKeepsTheOldMirror()
{
    QVERIFY(startSsh());
    const QString bare = makeUpstream(u"killedup"_s);
    QVERIFY(writeFile(m_home + u"/.ssh/known_hosts"_s, m_ssh->knownHostsLine().toUtf8() + '\n'));
    RemoteAccess access = sshAccess(bare, u"file:"_s + m_key);
    auto first = RemoteCache().refresh(access, std::chrono::milliseconds(0));
    QVERIFY2(first, first ? "" : qPrintable(first.error().message));
    const QString oldTip = *rd::git::Repository::open(first->path)->branchTip(u"main"_s);

    // A commit too big to sit in socket buffers: the fetch is surely still receiving when the
    // server dies.
    QFile random(u"/dev/urandom"_s);
    QVERIFY(random.open(QIODevice::ReadOnly));
    QVERIFY(!commitTo(u"killedup"_s, u"big.bin"_s, random.read(24 * 1024 * 1024)).isEmpty());

    QSemaphore receiving;
    QSemaphore killed;
    std::atomic_bool once = false;
    access.progress = [&](qint64 bytes) {
        if (bytes > 0 && !once.exchange(true)) {
            receiving.release();
            killed.acquire();
        }
    };
    std::optional<rd::Result<RemoteCache::Refreshed>> result;
    std::thread fetcher([&] { result = RemoteCache().refresh(access, std::chrono::milliseconds(0)); });
    const bool started = receiving.tryAcquire(1, 60'000);
    if (started)
        m_ssh->kill();
    killed.release();
    fetcher.join();
    QVERIFY(started);
    QVERIFY(result && !*result);
    QVERIFY(!result->error().message.isEmpty());

    auto mirror = rd::git::Repository::open(first->path);
    QVERIFY(mirror);
    QCOMPARE(*mirror->branchTip(u"main"_s), oldTip);
    QVERIFY(mirror->commit(oldTip));
}

void TestGitRemote::concurrentRefreshesShareOneFetch()
{
    QVERIFY(startSsh());
    const QString bare = makeUpstream(u"sharedup"_s);
    QVERIFY(writeFile(m_home + u"/.ssh/known_hosts"_s, m_ssh->knownHostsLine().toUtf8() + '\n'));
    RemoteAccess access = sshAccess(bare, u"file:"_s + m_key);
    auto first = RemoteCache().refresh(access, std::chrono::milliseconds(0));
    QVERIFY2(first, first ? "" : qPrintable(first.error().message));
    const int loginsBefore = m_ssh->acceptedLogins();
    const QString newTip = commitTo(u"sharedup"_s, u"data.txt"_s, QByteArray(512 * 1024, 'x') + QByteArray::number(rand()));

    // The first caller holds its fetch open until the second one is surely waiting for it.
    QSemaphore receiving;
    QSemaphore release;
    std::atomic_bool once = false;
    RemoteAccess holding = access;
    holding.progress = [&](qint64) {
        if (!once.exchange(true)) {
            receiving.release();
            release.acquire();
        }
    };
    std::optional<rd::Result<RemoteCache::Refreshed>> a;
    std::optional<rd::Result<RemoteCache::Refreshed>> b;
    std::thread first_([&] { a = RemoteCache().refresh(holding, std::chrono::milliseconds(0)); });
    const bool started = receiving.tryAcquire(1, 60'000);
    std::thread second([&] { b = RemoteCache().refresh(access, std::chrono::milliseconds(0)); });
    QThread::msleep(300); // the second caller reaches the mirror's lock and waits
    release.release();
    first_.join();
    second.join();
    QVERIFY(started);
    QVERIFY2(a && *a, a && !*a ? qPrintable(a->error().message) : "");
    QVERIFY2(b && *b, b && !*b ? qPrintable(b->error().message) : "");
    QVERIFY((*a)->fetched);
    QVERIFY(!(*b)->fetched);
    QCOMPARE((*a)->path, (*b)->path);
    QCOMPARE(m_ssh->acceptedLogins(), loginsBefore + 1);
    QCOMPARE(*rd::git::Repository::open((*b)->path)->branchTip(u"main"_s), newTip);
}

void TestGitRemote::cliDiffAndLogOnARemoteRepositoryMatchTheLocalOnes()
{
    QVERIFY(startSsh());
    QVERIFY(writeFile(m_home + u"/.ssh/known_hosts"_s, m_ssh->knownHostsLine().toUtf8() + '\n'));
    const QString demo = m_dir.filePath(u"demo"_s);
    const QString cli = rd::test::binaryPath(u"releasedeck-cli"_s);
    const auto created = rd::test::runProcess(cli, {u"demo"_s, u"create"_s, demo});
    QVERIFY2(created.exitCode == 0, qPrintable(created.describe()));
    const QString local = demo + u"/releasedeck.yaml"_s;
    QFile file(local);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray yaml = file.readAll();
    QVERIFY(yaml.contains("hockey: {url: repo}"));

    struct Variant { const char *name; QString url; QString extra; };
    const QList<Variant> variants {
        { "ssh", u"ssh://%1@127.0.0.1:%2%3/repo"_s.arg(m_ssh->user()).arg(m_ssh->port()).arg(demo),
          u", identity: \"file:%1\""_s.arg(m_key) },
        { "file", u"file://%1/repo"_s.arg(demo), QString() },
    };
    const QList<QStringList> commands {
        { u"diff"_s, u"dev"_s, u"prod"_s, u"--patch"_s },
        { u"diff"_s, u"dev"_s, u"prod"_s, u"--artifact"_s, u"api"_s, u"--patch"_s },
        { u"diff"_s, u"dev"_s, u"prod"_s, u"--stat"_s },
        { u"log"_s, u"dev"_s, u"prod"_s, u"--json"_s },
    };
    for (const Variant &variant : variants) {
        const QString remote = demo + u"/releasedeck-"_s + QLatin1StringView(variant.name) + u".yaml"_s;
        QByteArray changed = yaml;
        changed.replace("hockey: {url: repo}", u"hockey: {url: \"%1\"%2}"_s.arg(variant.url, variant.extra).toUtf8());
        QVERIFY(writeFile(remote, changed));
        for (const QStringList &command : commands) {
            const auto expected = rd::test::runProcess(cli, QStringList{u"-w"_s, local} + command);
            const auto actual = rd::test::runProcess(cli, QStringList{u"-w"_s, remote} + command);
            QVERIFY2(expected.exitCode == 0, qPrintable(expected.describe()));
            const QString failure = QLatin1StringView(variant.name) + QStringView(u" variant: ") + actual.describe();
            QVERIFY2(actual.exitCode == 0, qPrintable(failure));
            QVERIFY(!expected.out.isEmpty());
            QCOMPARE(actual.out, expected.out);
        }
    }

    // An unknown host key stops the CLI with the fingerprint and the trust command.
    QFile::remove(m_home + u"/.ssh/known_hosts"_s);
    QDir(m_dir.filePath(u"cache"_s)).removeRecursively();
    const auto refused = rd::test::runProcess(cli, {u"-w"_s, QString(demo + u"/releasedeck-ssh.yaml"_s), u"log"_s, u"dev"_s, u"prod"_s});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(m_ssh->hostKeyFingerprint()) && refused.err.contains(u"trust hockey"_s),
             qPrintable(refused.describe()));
    // `trust REPOSITORY` records it in the workspace's known_hosts file; then the CLI fetches.
    const QString sshWorkspace = demo + u"/releasedeck-ssh.yaml"_s;
    const auto wrong = rd::test::runProcess(cli, {u"-w"_s, sshWorkspace, u"trust"_s, u"hockey"_s, u"--fingerprint"_s,
                                                  u"SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"_s});
    QCOMPARE(wrong.exitCode, 1);
    const auto trusted = rd::test::runProcess(cli, {u"-w"_s, sshWorkspace, u"trust"_s, u"hockey"_s, u"--fingerprint"_s,
                                                    m_ssh->hostKeyFingerprint()});
    QVERIFY2(trusted.exitCode == 0, qPrintable(trusted.describe()));
    QVERIFY(QFile::exists(demo + u"/.releasedeck/known_hosts"_s));
    const auto afterTrust = rd::test::runProcess(cli, {u"-w"_s, sshWorkspace, u"log"_s, u"dev"_s, u"prod"_s});
    QVERIFY2(afterTrust.exitCode == 0, qPrintable(afterTrust.describe()));
}

QTEST_GUILESS_MAIN(TestGitRemote)
#include "tst_gitremote.moc"
