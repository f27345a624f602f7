const http = require('node:http');

const port = Number(process.env.PORT ?? 3000);

http
  .createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('hello from node-app\n');
  })
  .listen(port, () => console.log(`listening on ${port}`));
