// Everything under /gruppen/{slug} is server-rendered only, the 404 page for an unknown group included
// (an error page takes its options from the layouts around it, not from the page that failed).
export const csr = false;
