// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <expected>

namespace rd {

// Where a problem was found in a text file. Lines and columns count from 1; 0 means unknown.
struct SourceLocation
{
    QString file;
    int line = 0;
    int column = 0;

    bool isValid() const { return !file.isEmpty(); }
    // "file:line:column", or as much of it as is known.
    QString toString() const;
    bool operator==(const SourceLocation &) const = default;
};

// An error that crossed a module boundary: what failed, in one sentence fit for a user.
// Modules never throw across their boundary; they return Result<T> instead.
struct Error
{
    enum class Domain { Usage, Config, Io, Git, Registry, Ssh, Release };

    Domain domain = Domain::Io;
    QString message;          // one sentence naming the thing that was wrong
    SourceLocation location;  // set for errors in a file the user wrote
    int code = 0;             // the underlying library's code, when there is one

    // The sentence as printed to a user: "file:line:col: message" when a location is known.
    QString toString() const;
};

template<typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(Error::Domain domain, QString message, SourceLocation location = {})
{
    return std::unexpected(Error{domain, std::move(message), std::move(location), 0});
}

} // namespace rd
