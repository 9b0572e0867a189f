// SPDX-License-Identifier: GPL-3.0-or-later
#include "checkrunner.h"

#include "ssh/asyncrun.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>

#include <memory>
#include <signal.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace rd::health {

namespace {

QString seconds(std::chrono::milliseconds duration)
{
    if (duration.count() % 1000 == 0)
        return u"%1 s"_s.arg(duration.count() / 1000);
    return u"%1 ms"_s.arg(duration.count());
}

QString sizeText(qint64 bytes)
{
    if (bytes >= (1 << 20) && bytes % (1 << 20) == 0)
        return u"%1 MiB"_s.arg(bytes >> 20);
    if (bytes >= 1024 && bytes % 1024 == 0)
        return u"%1 KiB"_s.arg(bytes >> 10);
    return u"%1 bytes"_s.arg(bytes);
}

// A QProcess whose whole process group dies with it: `sh -c` may start children that would
// otherwise outlive a timeout.
class GroupProcess : public QProcess
{
public:
    explicit GroupProcess(QObject *parent) : QProcess(parent)
    {
        setChildProcessModifier([] { ::setsid(); });
    }
    ~GroupProcess() override
    {
        // Destroyed with its owner while running (a window closed mid-check): QProcess's
        // destructor kills and reaps the shell and may emit finished() on the way, which would
        // call back into the half-destroyed owner. Nobody is listening any more.
        QObject::disconnect(this, nullptr, nullptr, nullptr);
        killGroup();
        // QProcess's destructor kills and reaps the shell itself.
    }
    void killGroup()
    {
        const qint64 pid = processId();
        if (pid > 0 && state() != QProcess::NotRunning)
            ::kill(-static_cast<pid_t>(pid), SIGKILL);
    }
};

void appendBounded(QByteArray &buffer, const QByteArray &data, qint64 maxBytes, bool &truncated)
{
    const qint64 room = maxBytes - buffer.size();
    if (data.size() > room) {
        truncated = true;
        buffer.append(data.left(std::max<qint64>(room, 0)));
    } else {
        buffer.append(data);
    }
}

} // namespace

QString shortened(const QByteArray &text, qsizetype limit)
{
    QString line = QString::fromUtf8(text.trimmed());
    line = line.section(u'\n', 0, 0).trimmed();
    QString clean;
    for (const QChar c : std::as_const(line)) {
        if (c.category() != QChar::Other_Control)
            clean.append(c);
    }
    if (clean.size() > limit)
        clean = clean.left(limit - 1) + u'…';
    return clean;
}

void httpGet(QNetworkAccessManager &network, const HttpRequest &request, QObject *context,
             std::function<void(const HttpAnswer &)> done)
{
    QNetworkRequest http(request.url);
    http.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    http.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    http.setHeader(QNetworkRequest::UserAgentHeader, u"ReleaseDeck health check"_s);
    if (!request.trusted.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(request.trusted);
        http.setSslConfiguration(tls);
    }

    struct State
    {
        QElapsedTimer clock;
        QByteArray body;
        bool oversized = false;
        bool timedOut = false;
        QString tlsProblem;
    };
    auto state = std::make_shared<State>();
    state->clock.start();
    QNetworkReply *reply = network.get(http);
    // The reply lives as long as the one waiting for it: destroying the context aborts it.
    reply->setParent(context);
    const QString what = u"GET "_s + request.url.toDisplayString();
    const qint64 maxBytes = request.maxBytes;

    auto *timer = new QTimer(reply);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, reply, [reply, state] {
        state->timedOut = true;
        reply->abort();
    });
    timer->start(request.timeout);

    QObject::connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, state, maxBytes] {
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > maxBytes) {
            state->oversized = true;
            reply->abort();
        }
    });
    QObject::connect(reply, &QNetworkReply::readyRead, reply, [reply, state, maxBytes] {
        if (state->oversized)
            return;
        const QByteArray data = reply->readAll();
        if (state->body.size() + data.size() > maxBytes) {
            state->oversized = true;
            reply->abort();
            return;
        }
        state->body.append(data);
    });
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [state](const QList<QSslError> &errors) {
        if (!errors.isEmpty())
            state->tlsProblem = errors.first().errorString();
    });
    QObject::connect(reply, &QNetworkReply::finished, context,
                     [reply, state, what, maxBytes, timeout = request.timeout, done = std::move(done)] {
        reply->deleteLater();
        HttpAnswer answer;
        answer.latencyMs = state->clock.elapsed();
        if (!state->oversized && !state->timedOut && reply->isOpen())
            state->body.append(reply->readAll().left(maxBytes - state->body.size()));
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        if (state->timedOut) {
            answer.error = what + u" timed out after "_s + seconds(timeout) + u'.';
        } else if (state->oversized) {
            answer.error = what + u" answered with more than "_s + sizeText(maxBytes) + u'.';
        } else if (!state->tlsProblem.isEmpty()) {
            answer.error = what + u": the TLS certificate is not trusted ("_s + state->tlsProblem
                + u"); trust it with 'ca' in the workspace if it is yours."_s;
        } else if (status.isValid() && status.toInt() > 0) {
            answer.status = status.toInt();
            answer.body = state->body;
        } else {
            answer.error = what + u" failed: "_s + reply->errorString() + u'.';
        }
        done(answer);
    });
}

// A command on an SSH host: CommandHost::run on a worker thread, the answer on context's thread.
static void runRemoteCommand(const CommandRequest &request, QObject *context, std::function<void(const CommandAnswer &)> done)
{
    struct Captured
    {
        CommandAnswer answer;
        bool outTruncated = false;
        bool errTruncated = false;
    };
    auto captured = std::make_shared<Captured>();
    ssh::ExecOptions options;
    options.timeout = request.timeout;
    options.tailLines = 0;
    const qint64 maxBytes = request.maxBytes;
    options.onLine = [captured, maxBytes](const ssh::OutputLine &line) {
        const bool isOut = line.stream == ssh::OutputLine::Stream::Stdout;
        appendBounded(isOut ? captured->answer.out : captured->answer.err, line.text.toUtf8() + '\n', maxBytes,
                      isOut ? captured->outTruncated : captured->errTruncated);
    };
    const QString what = u"the command '"_s + shortened(request.command.toUtf8(), 60) + u'\'';
    ssh::runAsync(request.host, request.command, std::move(options), context,
                  [captured, what, done = std::move(done)](const Result<ssh::ExecResult> &result) {
        CommandAnswer answer = captured->answer;
        if (!result) {
            answer.error = result.error().message;
        } else {
            answer.latencyMs = result->elapsed.count();
            if (!result->exitSignal.isEmpty())
                answer.error = what + u" was killed by signal "_s + result->exitSignal + u'.';
            else
                answer.exitCode = result->exitStatus;
        }
        done(answer);
    });
}

void runCommand(const CommandRequest &request, QObject *context, std::function<void(const CommandAnswer &)> done)
{
    if (request.host)
        return runRemoteCommand(request, context, std::move(done));
    struct State
    {
        QElapsedTimer clock;
        CommandAnswer answer;
        bool outTruncated = false;
        bool errTruncated = false;
        bool timedOut = false;
        bool finished = false;
    };
    auto state = std::make_shared<State>();
    auto *process = new GroupProcess(context);
    process->setWorkingDirectory(request.workingDirectory);
    process->setProcessChannelMode(QProcess::SeparateChannels);
    process->setInputChannelMode(QProcess::ManagedInputChannel);
    const qint64 maxBytes = request.maxBytes;

    auto shared = std::make_shared<std::function<void(const CommandAnswer &)>>(std::move(done));
    auto finish = [process, state, shared](QString error) {
        if (state->finished)
            return;
        state->finished = true;
        state->answer.error = std::move(error);
        state->answer.latencyMs = state->clock.elapsed();
        process->deleteLater();
        (*shared)(state->answer);
    };

    QObject::connect(process, &QProcess::readyReadStandardOutput, process, [process, state, maxBytes] {
        appendBounded(state->answer.out, process->readAllStandardOutput(), maxBytes, state->outTruncated);
    });
    QObject::connect(process, &QProcess::readyReadStandardError, process, [process, state, maxBytes] {
        appendBounded(state->answer.err, process->readAllStandardError(), maxBytes, state->errTruncated);
    });
    auto *timer = new QTimer(process);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, process, [process, state] {
        state->timedOut = true;
        process->killGroup();
    });
    const QString what = u"the command '"_s + shortened(request.command.toUtf8(), 60) + u'\'';
    QObject::connect(process, &QProcess::errorOccurred, process, [process, finish, what](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            finish(what + u" could not be started: "_s + process->errorString() + u'.');
    });
    QObject::connect(process, &QProcess::finished, process,
                     [process, state, finish, what, maxBytes, timeout = request.timeout](int exitCode, QProcess::ExitStatus status) {
        appendBounded(state->answer.out, process->readAllStandardOutput(), maxBytes, state->outTruncated);
        appendBounded(state->answer.err, process->readAllStandardError(), maxBytes, state->errTruncated);
        if (state->timedOut) {
            finish(what + u" timed out after "_s + seconds(timeout) + u" and was killed."_s);
        } else if (status == QProcess::CrashExit) {
            finish(what + u" was killed by a signal."_s);
        } else {
            state->answer.exitCode = exitCode;
            finish(QString());
        }
    });
    state->clock.start();
    timer->start(request.timeout);
    process->start(u"/bin/sh"_s, {u"-c"_s, request.command});
    process->closeWriteChannel();
}

std::optional<QString> jsonField(const QByteArray &json, const QString &path, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = u"the answer is not a JSON object"_s;
        return std::nullopt;
    }
    QJsonValue value = document.object();
    for (const QString &part : path.split(u'.')) {
        if (!value.isObject() || !value.toObject().contains(part)) {
            *error = u"the answer has no field '%1'"_s.arg(path);
            return std::nullopt;
        }
        value = value.toObject().value(part);
    }
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (number == double(qint64(number)))
            return QString::number(qint64(number));
        return QString::number(number);
    }
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    default:
        *error = u"the field '%1' of the answer is not a string, number or boolean"_s.arg(path);
        return std::nullopt;
    }
}

CheckResult evaluateHttp(const CheckSpec &spec, const HttpAnswer &answer)
{
    CheckResult result;
    result.finishedAt = QDateTime::currentDateTimeUtc();
    result.outcome = CheckResult::Outcome::Failed;
    const QString what = u"GET "_s + spec.url.toDisplayString();
    if (!answer.error.isEmpty()) {
        result.error = answer.error;
        // A timed-out check ran for its whole timeout; other failures have a real latency.
        result.latencyMs = answer.latencyMs;
        return result;
    }
    result.latencyMs = answer.latencyMs;
    if (answer.status != spec.expect) {
        result.error = what + u" answered HTTP %1, expected %2."_s.arg(answer.status).arg(spec.expect);
        return result;
    }
    if (!spec.bodyContains.isEmpty() && !answer.body.contains(spec.bodyContains.toUtf8())) {
        result.error = what + u" answered without the text '"_s + shortened(spec.bodyContains.toUtf8(), 60) + u"'."_s;
        return result;
    }
    if (!spec.jsonField.isEmpty()) {
        QString error;
        const std::optional<QString> value = jsonField(answer.body, spec.jsonField, &error);
        if (!value) {
            result.error = what + u": "_s + error + u'.';
            return result;
        }
        if (*value != spec.jsonEquals) {
            result.error = what + u": the field '%1' is '%2', expected '%3'."_s.arg(
                spec.jsonField, shortened(value->toUtf8(), 60), spec.jsonEquals);
            return result;
        }
    }
    result.outcome = CheckResult::Outcome::Passed;
    return result;
}

CheckResult evaluateCommand(const CheckSpec &spec, const CommandAnswer &answer)
{
    CheckResult result;
    result.finishedAt = QDateTime::currentDateTimeUtc();
    result.latencyMs = answer.latencyMs;
    result.outcome = CheckResult::Outcome::Failed;
    if (!answer.error.isEmpty()) {
        result.error = answer.error;
        return result;
    }
    if (answer.exitCode != 0) {
        const QString said = shortened(answer.err.isEmpty() ? answer.out : answer.err);
        result.error = u"the command '"_s + shortened(spec.command.toUtf8(), 60)
            + u"' exited with status %1"_s.arg(answer.exitCode) + (said.isEmpty() ? QString() : u": "_s + said)
            + (said.endsWith(u'.') ? QString() : u"."_s);
        return result;
    }
    result.outcome = CheckResult::Outcome::Passed;
    return result;
}

QNetworkAccessManager &NetworkPool::manager(const QList<QSslCertificate> &trusted)
{
    QByteArray key;
    for (const QSslCertificate &certificate : trusted)
        key += certificate.digest(QCryptographicHash::Sha256).toHex() + ',';
    QNetworkAccessManager *&manager = m_managers[key];
    if (!manager) {
        manager = new QNetworkAccessManager(m_owner);
        manager->setAutoDeleteReplies(false);
    }
    return *manager;
}

void runCheck(const CheckSpec &spec, NetworkPool &network, QObject *context,
              std::function<void(const CheckResult &)> done)
{
    switch (spec.kind) {
    case CheckSpec::Kind::Http: {
        HttpRequest request{spec.url, spec.timeout, spec.maxResponseBytes, spec.trusted};
        httpGet(network.manager(spec.trusted), request, context, [spec, done = std::move(done)](const HttpAnswer &answer) {
            done(evaluateHttp(spec, answer));
        });
        return;
    }
    case CheckSpec::Kind::Command: {
        CommandRequest request{spec.command, spec.workingDirectory, spec.timeout, spec.maxResponseBytes, spec.host};
        runCommand(request, context, [spec, done = std::move(done)](const CommandAnswer &answer) {
            done(evaluateCommand(spec, answer));
        });
        return;
    }
    case CheckSpec::Kind::Unavailable:
        break;
    }
    CheckResult result;
    result.outcome = CheckResult::Outcome::NotRun;
    result.error = spec.unavailableReason.endsWith(u'.') ? spec.unavailableReason : spec.unavailableReason + u'.';
    result.finishedAt = QDateTime::currentDateTimeUtc();
    // Always asynchronous, like the other kinds, so callers never re-enter themselves.
    QMetaObject::invokeMethod(context, [result, done = std::move(done)] { done(result); }, Qt::QueuedConnection);
}

} // namespace rd::health
