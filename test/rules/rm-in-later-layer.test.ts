import { rmInLaterLayer } from '../../server/src/rules/rm-in-later-layer';
import { ruleTester } from '../support/rule-tester';

ruleTester(rmInLaterLayer, {
  valid: [
    { name: 'download and delete in the same RUN', code: 'FROM debian:12\nRUN curl -fsSLo /tmp/app.tgz https://example.com/app.tgz && tar -xzf /tmp/app.tgz -C /opt && rm /tmp/app.tgz\n' },
    { name: 'apt lists removed in the RUN that made them', code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN rm -rf /var/lib/apt/lists/*\n' },
    { name: 'a later RUN that updates before it removes', code: 'FROM debian:12\nRUN apt-get update\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n' },
    { name: 'a file inside a copied folder is not known to be copied', code: 'FROM node:20-slim\nCOPY . /app\nRUN rm -rf /app/node_modules\n' },
    { name: 'rm of something nobody here created', code: 'FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\n' },
    { name: 'rm before the COPY', code: 'FROM debian:12\nRUN rm -rf /app\nCOPY . /app\n' },
    { name: 'ADD unpacks local archives', code: 'FROM debian:12\nADD app.tar.gz /opt/\nRUN rm -f /opt/app.tar.gz\n' },
    { name: 'a builder stage only copied from', code: 'FROM debian:12 AS build\nCOPY src.tgz /tmp/\nRUN tar -xzf /tmp/src.tgz\nRUN rm /tmp/src.tgz\nFROM scratch\nCOPY --from=build /out /out\n' },
    { name: 'download under a cache mount', code: 'FROM debian:12\nRUN --mount=type=cache,target=/downloads wget -P /downloads https://example.com/a.tgz\nRUN rm -f /downloads/a.tgz\n' },
    { name: 'variables are skipped', code: 'FROM debian:12\nCOPY app.tgz /tmp/\nRUN rm /tmp/$NAME\n' },
    { name: 'another stage copied it', code: 'FROM debian:12 AS a\nCOPY app.tgz /tmp/\nFROM debian:12\nRUN rm /tmp/app.tgz\n' },
  ],
  invalid: [
    {
      name: 'a copied archive deleted after unpacking',
      code: 'FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz\n',
      errors: [{ line: 3, message: /\/tmp\/app\.tar\.gz was added by the COPY on line 2/ }],
      output: null,
    },
    {
      name: 'a download deleted in the next RUN',
      code: 'FROM debian:12\nWORKDIR /tmp\nRUN wget https://example.com/dist/tool-1.2.tgz?sig=1\nRUN tar -xzf tool-1.2.tgz && rm -f tool-1.2.tgz\n',
      errors: [{ line: 4, message: /downloaded by the RUN on line 3/ }],
    },
    {
      name: 'curl -o, relative to a cd in the RUN, deleted with a glob',
      code: 'FROM debian:12\nRUN cd /opt && curl -fsSL -o installer.sh https://example.com/install.sh\nRUN sh /opt/installer.sh && rm -f /opt/*.sh\n',
      errors: [{ line: 3 }],
    },
    {
      name: 'apt lists deleted in a later RUN',
      code: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
      errors: [{ line: 3, message: /apt lists from 'apt-get update' on line 2/ }],
    },
    {
      name: 'a COPY destination, its parent folder, and a git clone',
      code: 'FROM debian:12\nWORKDIR /src\nCOPY build.sh /usr/local/bin/build.sh\nRUN git clone --depth 1 https://github.com/o/tool.git\nRUN /usr/local/bin/build.sh && rm -rf /usr/local/bin/build.sh tool\n',
      errors: [{ line: 5 }, { line: 5 }],
    },
    {
      name: 'inherited from the stage it builds FROM',
      code: 'FROM debian:12 AS base\nCOPY seed.sql /docker-entrypoint-initdb.d/\nFROM base\nRUN rm -rf /docker-entrypoint-initdb.d/*\n',
      errors: [{ line: 4 }],
    },
    {
      name: 'an ADD of a URL into a folder',
      code: 'FROM debian:12\nADD https://example.com/tool.tgz /tmp/\nRUN tar -xzf /tmp/tool.tgz -C /opt\nRUN rm /tmp/tool.tgz\n',
      errors: [{ line: 4 }],
    },
  ],
});
