final reports = Uri(scheme: 'http', host: 'reports.clinic.example', path: '/v1');
