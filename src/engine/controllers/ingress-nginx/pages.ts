// nginx's own pages (ngx_http_special_response.c; ingress-nginx sets server_tokens off)

export function nginxPage(title: string, heading = title, extra = ''): string {
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${heading}</h1></center>\r\n` +
    `${extra}<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
  );
}

export const NGINX_PAGES = {
  301: nginxPage('301 Moved Permanently'),
  308: nginxPage('308 Permanent Redirect'),
  400: nginxPage('400 Bad Request'),
  404: nginxPage('404 Not Found'),
  502: nginxPage('502 Bad Gateway'),
  503: nginxPage('503 Service Temporarily Unavailable'),
  /** Plain HTTP sent to the HTTPS port (nginx's internal 497). */
  plainHttpToHttps: nginxPage(
    '400 The plain HTTP request was sent to HTTPS port',
    '400 Bad Request',
    '<center>The plain HTTP request was sent to HTTPS port</center>\r\n',
  ),
} as const;
