final reports = Uri(scheme: 'https', host: 'reports.clinic.example', path: '/v1');
