// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QByteArray>
#include <initializer_list>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QUrl>
#include <chrono>
#include <memory>
#include <optional>

// The HTTP a forge client needs, blocking (steps run on worker threads; a local event loop
// waits for QNetworkAccessManager, which is made on the calling thread for each request).
// The token goes only to the API's own origin: a redirect to the same origin is followed (a
// renamed repository), any other redirect is refused before anything is sent there. Answers
// are bounded in size; only idempotent GETs are retried on 5xx, 429 and transport failures.
namespace rd::forge {

struct ForgeResponse
{
    int status = 0;
    QByteArray body;
};

class ForgeHttp
{
public:
    // `api` is the configured base (https://api.github.com, https://gitlab.com/api/v4);
    // `forgeName` names it in messages ("GitHub at https://api.github.com").
    ForgeHttp(QUrl api, QByteArray authorization, QString forgeName);

    // Sends `method` to the API base + `encodedPath` (already percent-encoded, may carry a
    // query) with `json` as the body when not empty. Transport failures, timeouts, oversized
    // answers and refused redirects are errors; any HTTP status is returned as it came.
    [[nodiscard]] Result<ForgeResponse> send(const QByteArray &method, const QByteArray &encodedPath,
                                             const QByteArray &json = {});

    const QString &forgeName() const { return m_forgeName; }

    // Limits, changeable by tests.
    static inline qint64 maxResponseBytes = 1 << 20;
    static inline std::chrono::milliseconds requestTimeout{30'000};
    static inline int getAttempts = 3;
    static inline std::chrono::milliseconds retryBackoff{500};

private:
    Result<ForgeResponse> exchange(const QByteArray &method, QUrl url, const QByteArray &json);

    QUrl m_api;
    QByteArray m_authorization;
    QString m_forgeName;
};

// The forge's own explanation in an error answer ({"message": …} or {"error": …}), cleaned
// of control characters and cut short; empty when there is none.
QString forgeMessage(const QByteArray &body);

// Strict JSON: the whole body must be one JSON object (or array, with `array`). The error
// names the forge and what was asked.
[[nodiscard]] Result<QJsonValue> parseJson(const QByteArray &body, bool array, const QString &what, const QString &forgeName);

// The one sentence an unwanted HTTP status becomes: `action` says what was asked ("opening a
// pull request from A into B"); 401, 403, 404, 409, 422 and 5xx are explained, and the
// forge's own message is added when it gave one.
Error statusError(const QString &forgeName, int status, const QByteArray &body, const QString &action);

// What every call of a forge does with an answer: a status in `accepted` gives the strict JSON
// of the body (an object, or an array with `array`; `what` names it), any other status is
// statusError() about `action`.
[[nodiscard]] Result<QJsonValue> expectJson(const QString &forgeName, const ForgeResponse &response,
                                            std::initializer_list<int> accepted, const QString &action,
                                            const QString &what, bool array = false);

// Reads fields of a forge's JSON object strictly: a missing field or one of the wrong type or
// size makes the first error, which names the field; later reads return empty values.
class JsonFields
{
public:
    JsonFields(QJsonObject object, QString what, QString forgeName);
    QString string(const QString &key, qsizetype maxSize, bool optional = false);
    int number(const QString &key);        // 1 … 2^31-1
    std::optional<bool> optionalBool(const QString &key);
    JsonFields object(const QString &key);
    bool has(const QString &key) const;
    // The first problem, or nothing.
    [[nodiscard]] Result<void> result() const;

private:
    void problem(const QString &key, const QString &expected);
    QJsonObject m_object;
    QString m_what;
    QString m_forgeName;
    std::shared_ptr<QString> m_error;      // shared with nested readers
};

} // namespace rd::forge
