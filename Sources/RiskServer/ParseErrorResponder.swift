import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request that NIO's HTTP parser refuses before it has a head (a raw UTF-8 or
/// other non-ASCII request target, a garbage request line, headers over the limit) with the
/// JSON error body and the security headers every other answer has, then closes the
/// connection. Hummingbird answers such a request itself with an empty-bodied 400 (found
/// by review: "Errors are JSON" held for every error but this one).
///
/// It sits after the HTTP codec (``HTTP1Channel/Configuration/additionalChannelHandlers``)
/// and counts request heads and ends and response ends: only a parse error met between
/// requests, with every earlier response written, is answered here. One in the middle of a
/// request's body (a bad chunk size) goes on to the handler reading that body, which answers
/// it as before; one while an earlier response is still being written goes on to Hummingbird,
/// which must not have two responses interleaved.
final class ParseErrorResponder: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var requestHeads = 0, requestEnds = 0, responseEnds = 0
    /// True once this handler has answered: the connection is closing, and a later parse
    /// error (the decoder may report more than one) is neither answered again nor handed on.
    private var answered = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: requestHeads += 1
        case .end: requestEnds += 1
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { responseEnds += 1 }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if answered { return }
        guard error is HTTPParserError, requestHeads == requestEnds, responseEnds == requestHeads else {
            context.fireErrorCaught(error)
            return
        }
        let error = APIError.badRequest("malformed HTTP request: the request line or headers could not be read"
                                        + " (a path must be ASCII, with other characters %-encoded)")
        let body = ByteBuffer(bytes: JSONText.bytes(error.json, newline: true))
        let fields: HTTPFields = [
            .contentType: "application/json; charset=utf-8", .contentLength: String(body.readableBytes), .connection: "close",
            .contentSecurityPolicy: SecurityHeadersMiddleware.contentSecurityPolicy, .xContentTypeOptions: "nosniff",
            SecurityHeadersMiddleware.frameOptions: "DENY", SecurityHeadersMiddleware.referrerPolicy: "no-referrer",
        ]
        answered = true
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .badRequest, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
