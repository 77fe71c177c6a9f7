import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP port of 127.0.0.1 that takes connections (the kernel completes the handshake)
/// but never reads or answers: a server that hangs, as a client sees it.
final class SilentListener {
    let port: Int
    private let socketFD: Int32

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init() throws {
        #if canImport(Glibc)
            socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            socketFD = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socketFD >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0  // any free port
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = socketFD
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { a in
                bind(fd, a, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, a, &length) == 0
            }
        }
        guard bound else {
            close(socketFD)
            throw Failure(description: "cannot listen on 127.0.0.1: errno \(errno)")
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(socketFD) }
}
