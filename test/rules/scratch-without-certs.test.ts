import { scratchWithoutCerts } from '../../server/src/rules/scratch-without-certs';
import { ruleTester } from '../support/rule-tester';

const lines = (...text: string[]) => text.map((line) => line + '\n').join('');

const GO = ['FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN CGO_ENABLED=0 go build -o /out/app .'];

ruleTester(scratchWithoutCerts, {
  valid: [
    // Certificates copied, or pointed at.
    lines(...GO, 'FROM scratch', 'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/', 'COPY --from=build /out/app /app', 'ENTRYPOINT ["/app"]'),
    lines(...GO, 'FROM scratch', 'COPY --from=build /etc/ssl/certs /etc/ssl/certs', 'COPY --from=build /out/app /app', 'ENTRYPOINT ["/app"]'),
    lines(...GO, 'FROM scratch', 'COPY certs/ca.pem /ca.pem', 'ENV SSL_CERT_FILE=/ca.pem', 'COPY --from=build /out/app /app', 'ENTRYPOINT ["/app"]'),
    // Not scratch.
    lines(...GO, 'FROM gcr.io/distroless/static-debian12', 'COPY --from=build /out/app /app', 'ENTRYPOINT ["/app"]'),
    lines(...GO, 'FROM alpine:3.20', 'COPY --from=build /out/app /app', 'ENTRYPOINT ["/app"]'),
    // Export stages (no command), and packages that are not programs.
    lines(...GO, 'FROM scratch AS export', 'COPY --from=build /out/app /app'),
    lines('FROM node:20 AS build', 'RUN npx expo build', 'FROM scratch', 'COPY --from=build /app/app-release.apk /app.apk', 'ENTRYPOINT ["/app.apk"]'),
    // A whole filesystem copied to /.
    lines('FROM alpine:3.20 AS rootfs', 'RUN apk add --no-cache curl', 'FROM scratch', 'COPY --from=rootfs / /', 'ENTRYPOINT ["/usr/bin/curl"]'),
    lines('FROM alpine:3.20 AS rootfs', 'RUN mkdir /rootfs', 'FROM scratch', 'COPY --from=rootfs /rootfs /', 'ENTRYPOINT ["/bin/app"]'),
    // Nothing copied.
    lines('FROM scratch', 'CMD ["/hello"]'),
  ],
  invalid: [
    {
      name: 'a Go binary from a golang builder: certificates copied from it',
      code: lines(...GO, 'FROM scratch', 'COPY --from=build /out/app /app', 'USER 65532', 'ENTRYPOINT ["/app"]'),
      errors: [{ line: 5, message: /no CA certificates.*Copy them from stage build/ }],
      output: lines(...GO, 'FROM scratch', 'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/', 'COPY --from=build /out/app /app', 'USER 65532', 'ENTRYPOINT ["/app"]'),
    },
    {
      name: 'the binary copied to / by name is a file, not a tree',
      code: lines(...GO, 'FROM scratch', 'COPY --from=build /out/app /', 'CMD ["/app"]'),
      errors: [{ line: 5 }],
      output: lines(...GO, 'FROM scratch', 'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/', 'COPY --from=build /out/app /', 'CMD ["/app"]'),
    },
    {
      name: 'a builder that installs ca-certificates; stage referenced by index',
      code: lines('FROM debian:bookworm', 'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates gcc', 'RUN gcc -static -o /hello hello.c', 'FROM scratch', 'COPY --from=0 /hello /hello', 'CMD ["/hello"]'),
      errors: [{ line: 4 }],
      output: lines('FROM debian:bookworm', 'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates gcc', 'RUN gcc -static -o /hello hello.c', 'FROM scratch', 'COPY --from=0 /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/', 'COPY --from=0 /hello /hello', 'CMD ["/hello"]'),
    },
    {
      name: 'a binary from the build context: flagged, no source stage to copy from',
      code: lines('FROM scratch', 'COPY app /app', 'ENTRYPOINT ["/app"]'),
      errors: [{ line: 1, message: /Copy them from a build stage/ }],
      output: null,
    },
    {
      name: 'a builder without certificates (debian without ca-certificates): no fix',
      code: lines('FROM debian:bookworm-slim AS build', 'RUN cc -static -o /hello hello.c', 'FROM scratch', 'COPY --from=build /hello /hello', 'CMD ["/hello"]'),
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: 'scratch reached through a stage',
      code: lines(...GO, 'FROM scratch AS base', 'COPY --from=build /out/app /app', 'FROM base', 'ENTRYPOINT ["/app"]'),
      errors: [{ line: 7 }],
      output: lines(...GO, 'FROM scratch AS base', 'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/', 'COPY --from=build /out/app /app', 'FROM base', 'ENTRYPOINT ["/app"]'),
    },
  ],
});
